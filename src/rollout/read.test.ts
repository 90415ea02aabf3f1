import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCanaryRecorder } from '../canary/recorder.ts';
import type { CanaryMetric } from '../canary/types.ts';
import { MetricsFileError, readMetrics, readMetricsFile } from './read.ts';
import { metricsFile } from './metrics.test-util.ts';

const dir = mkdtempSync(join(tmpdir(), 'cutover-rollout-read-'));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const call = (arm: CanaryMetric['arm'], latencyMs: number, status?: number): CanaryMetric => ({
  arm,
  model: 'gpt-4o',
  latencyMs,
  outcome: status === undefined ? { kind: 'ok' } : { kind: 'error', status, errorClass: 'InternalServerError' },
  usage: null,
  costNanos: null,
  startedAt: 1_700_000_000_000,
});

describe('readMetrics', () => {
  it('reads the recorder export', () => {
    const r = createCanaryRecorder();
    [call('baseline', 10), call('candidate', 12), call('candidate', 1, 500)].forEach(r.record);
    const m = readMetricsFile(write('export.json', JSON.stringify(r.export())));
    expect(m).toEqual(r.export());
  });

  it('reads per-call JSON lines and aggregates them', () => {
    const lines = [call('baseline', 10), call('candidate', 12), call('candidate', 1, 429)].map((c) => JSON.stringify(c)).join('\n');
    const m = readMetricsFile(write('calls.jsonl', `${lines}\n`));
    expect(m.arms.candidate).toMatchObject({ requests: 2, errors: 1, errorsByStatus: { '429': 1 }, latencyMs: [12] });
    expect(readMetricsFile(write('one.jsonl', JSON.stringify(call('baseline', 3)))).arms.baseline.requests).toBe(1);
  });

  it('combines several files (one per instance)', () => {
    const a = write('a.json', JSON.stringify(metricsFile({ requests: 10, errors: 1 }, { requests: 5, errors: 0 })));
    const b = write('b.json', JSON.stringify(metricsFile({ requests: 20, errors: 0 }, { requests: 3, errors: 3 })));
    const m = readMetrics([a, b]);
    expect(m.arms.baseline).toMatchObject({ requests: 30, errors: 1 });
    expect(m.arms.candidate).toMatchObject({ requests: 8, errors: 3, errorsByStatus: { '502': 3 } });
    expect(m.arms.baseline.latencyMs).toHaveLength(29);
  });

  it('names the file and field of every problem', () => {
    expect(() => readMetricsFile(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read metrics file \(not found\)/);
    const wrong = metricsFile({ requests: 1, errors: 0 }, { requests: 1, errors: 0 }) as unknown as Record<string, unknown>;
    expect(() => readMetricsFile(write('v2.json', JSON.stringify({ ...wrong, version: 2 })))).toThrow(/v2\.json: version: /);
    const bad = metricsFile({ requests: 1, errors: 0 }, { requests: 1, errors: 0 });
    bad.arms.candidate.errors = 5;
    expect(() => readMetricsFile(write('bad.json', JSON.stringify(bad)))).toThrow(/arms\.candidate: 5 errors but only 1 requests/);
    expect(() => readMetricsFile(write('junk.txt', 'hello\n'))).toThrow(MetricsFileError);
    expect(() => readMetricsFile(write('badline.jsonl', `${JSON.stringify(call('baseline', 1))}\n{"arm":"other"}\n`))).toThrow(/badline\.jsonl:2: /);
    expect(() => readMetrics([])).toThrow(/at least one --metrics file/);
  });
});
