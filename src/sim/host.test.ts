import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SimSchema } from '../config/schema.ts';
import { startSimulators } from './host.ts';
import { serveSim } from './serve.ts';
import { HELLO, KEY } from './testing.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitDead(pid: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

const fixed = SimSchema.parse({ latency: { baseMs: 50, perTokenMs: 0, jitter: 0 } });

/** Client-side E2E and TTFT (first chunk with content) of one streamed or plain request. */
async function measure(url: string, model: string, stream: boolean): Promise<{ e2eMs: number; ttftMs: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ model, messages: HELLO, stream }),
  });
  let ttftMs = Number.NaN;
  let seen = '';
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
    if (done) break;
    seen += decoder.decode(value, { stream: true });
    if (Number.isNaN(ttftMs) && (!stream || /"content":"[^"]/.test(seen))) ttftMs = performance.now() - t0;
  }
  return { e2eMs: performance.now() - t0, ttftMs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

describe('startSimulators', () => {
  it('runs the gateways in a child process and close() leaves no process behind', async () => {
    const host = await startSimulators([
      { profile: 'llmgateway', apiKey: KEY, sim: fixed },
      { profile: 'aistats', apiKey: KEY, sim: fixed },
    ]);
    const pid = host.pid;
    expect(pid).toBeTypeOf('number');
    expect(pid).not.toBe(process.pid);
    expect(host.baseURLs).toHaveLength(2);
    expect(host.baseURLs.every((u) => /^http:\/\/127\.0\.0\.1:\d+\/v1$/.test(u))).toBe(true);
    expect((await fetch(`${host.baseURLs[1]}/health`)).status).toBe(200);
    await host.close();
    expect(alive(pid ?? 0)).toBe(false);
    await expect(fetch(`${host.baseURLs[0]}/models`)).rejects.toThrow();
  });

  it('injected fixed latency (baseMs 50, no jitter) is what a client measures, E2E and TTFT', async () => {
    const host = await startSimulators([
      { profile: 'llmgateway', apiKey: KEY, sim: fixed },
      { profile: 'aistats', apiKey: KEY, sim: fixed },
    ]);
    try {
      const [llm, ai] = host.baseURLs as [string, string];
      await measure(llm, 'gpt-4o', false); // warm-up: connection and JIT
      await measure(ai, 'openai/gpt-4o', false);
      for (const [url, model] of [[llm, 'gpt-4o'], [ai, 'openai/gpt-4o'], [ai, 'meta/llama-3.1-8b-instruct']] as const) {
        const plain = [];
        const streamed = [];
        for (let i = 0; i < 5; i++) plain.push(await measure(url, model, false));
        for (let i = 0; i < 5; i++) streamed.push(await measure(url, model, true));
        // The server never answers early; the upper bound only catches gross errors on a busy machine.
        for (const m of [...plain, ...streamed]) expect(m.e2eMs).toBeGreaterThanOrEqual(49.5);
        for (const m of streamed) expect(m.ttftMs).toBeGreaterThanOrEqual(49.5);
        expect(median(plain.map((m) => m.e2eMs))).toBeLessThan(150);
        expect(median(streamed.map((m) => m.ttftMs))).toBeLessThan(150);
      }
    } finally {
      await host.close();
    }
  });

  it('the child exits by itself when its parent dies', async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const hostUrl = pathToFileURL(fileURLToPath(new URL('./host.ts', import.meta.url))).href;
    const code = `const { startSimulators } = await import(${JSON.stringify(hostUrl)});
      const h = await startSimulators([{ profile: 'aistats', apiKey: 'k', sim: ${JSON.stringify(fixed)} }]);
      console.log(String(h.pid)); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      parent.once('exit', () => reject(new Error('parent exited early')));
    });
    expect(alive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitDead(childPid, 10_000)).toBe(true);
  });
});

describe('serveSim', () => {
  it('prints each gateway with its profile and base URL', async () => {
    const lines: string[] = [];
    const host = await serveSim({ specs: [{ profile: 'llmgateway', apiKey: KEY, sim: { ...fixed, legacy: true } }], print: (l) => lines.push(l) });
    try {
      expect(lines).toEqual([`LLM Gateway (llmgateway, legacy): ${host.baseURLs[0]}`]);
      expect(lines.join('\n')).not.toContain(KEY);
    } finally {
      await host.close();
    }
  });
});
