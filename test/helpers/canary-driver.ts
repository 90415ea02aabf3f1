/**
 * One application instance running the canary against `serve-sim`, over simulated time: call i
 * starts at `startMs + i × stepMs` (the canary's injected clock), so a few thousand calls cover
 * days. Instance `index` of `instances` makes the calls i ≡ index (mod instances). From
 * `degradeAtMs` on, the candidate arm is sent to a second, degraded simulator.
 *
 * Writes the recorder's metrics file and every call as a JSON line (the `onMetric` records), so a
 * test can compare the merge of several instances' files with one recorder fed every call.
 *
 *   node --import tsx test/helpers/canary-driver.ts '<json DriverOptions>'
 */
import { writeFileSync } from 'node:fs';
import OpenAI from 'openai';
import pLimit from 'p-limit';
import { createCanary } from '../../src/canary/client.ts';
import { fanOut } from '../../src/canary/meter.ts';
import { createCanaryRecorder } from '../../src/canary/recorder.ts';
import type { CanaryMetric, ChatClient } from '../../src/canary/types.ts';

export interface DriverOptions {
  baselineURL: string;
  candidateURL: string;
  degradedCandidateURL: string;
  calls: number;
  instances: number;
  index: number;
  startMs: number;
  stepMs: number;
  degradeAtMs: number;
  percent: number;
  users: number;
  metricsOut: string;
  callsOut: string;
}

/** serve-sim's demo keys (loopback only, printed by serve-sim itself). */
const KEYS = { baseline: 'sim-llmgateway-key', candidate: 'phaseo_v1_sk_simlocal_demo' };

const o = JSON.parse(process.argv[2] ?? '{}') as DriverOptions;
// No SDK retries: a failed call must reach the canary as the failure it was.
const client = (baseURL: string, apiKey: string): OpenAI => new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 20_000 });
const healthy = client(o.candidateURL, KEYS.candidate);
const degraded = client(o.degradedCandidateURL, KEYS.candidate);

let simNow = o.startMs;
// canary.call reads the clock and then calls the client synchronously, so the switch sees that call's time.
const candidate: ChatClient = {
  chat: { completions: { create: (body, opts) => (simNow >= o.degradeAtMs ? degraded : healthy).chat.completions.create(body, opts as never) } },
};

const recorder = createCanaryRecorder();
const lines: string[] = [];
const canary = createCanary({
  baseline: client(o.baselineURL, KEYS.baseline),
  candidate,
  percent: o.percent,
  aliases: { 'gpt-4o-mini': 'openai/gpt-4o-mini' },
  onMetric: fanOut(recorder.record, (m: CanaryMetric) => lines.push(JSON.stringify(m))),
  epochMs: () => simNow,
});

// Warm up connections and the JIT first, unrecorded: a real service has been running for a while.
const warm: Array<[OpenAI, string]> = [[client(o.baselineURL, KEYS.baseline), 'gpt-4o-mini'], [healthy, 'openai/gpt-4o-mini'], [degraded, 'openai/gpt-4o-mini']];
for (let i = 0; i < 10; i++) {
  await Promise.all(warm.map(([c, model]) => c.chat.completions.create({ model, max_tokens: 8, messages: [{ role: 'user', content: 'warm-up' }] }).catch(() => undefined)));
}

const limit = pLimit(8);
const jobs: Array<Promise<unknown>> = [];
for (let i = o.index; i < o.calls; i += o.instances) {
  const at = o.startMs + i * o.stepMs;
  jobs.push(
    limit(() => {
      simNow = at;
      return canary.chat(`user-${i % o.users}`, { model: 'gpt-4o-mini', max_tokens: 8, messages: [{ role: 'user', content: `ticket ${i}: where is my order?` }] }).catch(() => undefined);
    }),
  );
}
await Promise.all(jobs);
writeFileSync(o.metricsOut, JSON.stringify(recorder.export()));
writeFileSync(o.callsOut, `${lines.join('\n')}\n`);
process.stdout.write(`${JSON.stringify({ calls: lines.length })}\n`);
