/**
 * Soak: 10,000 requests against simulators injecting 5 % mixed faults (every kind) finish with
 * every request accounted for and a heap that does not grow with the number of requests.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, TSX } from './helpers/cli.ts';

interface SoakResult {
  expected: number;
  requests: number;
  samples: number;
  counts: Record<string, number>;
  retries: number;
  heapMB: number[];
  incomplete: number;
}

function soak(requests: number): Promise<SoakResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', TSX, join(ROOT, 'test/helpers/soak.ts'), String(requests)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`soak exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as SoakResult);
    });
  });
}

describe('soak with mixed faults', () => {
  it('accounts for all 10,000 requests, classifies every fault, and keeps the heap flat', async () => {
    const r = await soak(10_000);
    expect(r.expected).toBe(10_000);
    expect(r.incomplete).toBe(0);
    expect(r.requests).toBe(10_000);
    expect(r.samples).toBe(10_000);
    const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(10_000); // ok + each error kind = total
    expect(r.counts['ok']).toBeGreaterThan(9_000);
    // Faults were injected, classified into kinds, and some were retried.
    const kinds = Object.keys(r.counts).filter((k) => k !== 'ok');
    expect(kinds.length).toBeGreaterThanOrEqual(3);
    for (const k of kinds) expect(['rate-limit', 'upstream-rate-limited', 'upstream-failed', 'upstream-unreachable', 'server', 'timeout', 'connection', 'malformed-response', 'stream-error', 'truncated-stream']).toContain(k);
    expect(r.retries).toBeGreaterThan(0);
    // Heap after GC at 1k, 2k … 10k requests: the late readings are not above the early ones by more than noise.
    expect(r.heapMB.length).toBeGreaterThanOrEqual(8);
    const early = Math.max(...r.heapMB.slice(1, 3));
    const late = Math.max(...r.heapMB.slice(-3));
    expect(late, `heap MB at each 1k: ${r.heapMB.map((h) => h.toFixed(1)).join(', ')}`).toBeLessThan(early + 15);
  }, 300_000);
});
