import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BaselineError } from '../errors.ts';
import { arm, promptCase } from '../score/test-samples.test-util.ts';
import { BASELINE_FORMAT, BASELINE_SCHEMA_VERSION, caseStatus, checkBaselineFits, readBaseline, writeBaseline, type BaselineFile } from './file.ts';

const recorded = (target: string, gateway: BaselineFile['gateway']): BaselineFile => ({
  format: BASELINE_FORMAT,
  schemaVersion: BASELINE_SCHEMA_VERSION,
  tool: { name: 'cutover', version: '0.1.0' },
  target,
  recordedAt: '2026-12-01T00:00:00.000Z',
  gateway,
  cases: {},
});

const staging = { name: 'llm-gateway', profile: 'llmgateway', baseURL: 'https://api.llmgateway.io/v1' };

describe('checkBaselineFits', () => {
  it('accepts its own target and gateway without a word', () => {
    expect(checkBaselineFits(recorded('staging', staging), '/p/baseline/staging.json', { target: 'staging', named: false, gateway: staging })).toEqual([]);
  });

  it('refuses a file recorded for another target (a copy), unless the target names it', () => {
    const copy = recorded('local', { name: 'llm-gateway-sim', profile: 'llmgateway', baseURL: 'simulated:llmgateway' });
    const run = { target: 'other', named: false, gateway: { name: 'llm-gateway-sim', profile: 'llmgateway', baseURL: 'simulated:llmgateway' } };
    expect(() => checkBaselineFits(copy, '/p/baseline/other.json', run)).toThrow(BaselineError);
    expect(() => checkBaselineFits(copy, '/p/baseline/other.json', run)).toThrow(/was recorded for target "local" .*not "other"/);
    expect(checkBaselineFits(copy, '/p/baseline/local.json', { ...run, named: true })).toEqual([]);
  });

  it('refuses another kind of gateway even when named: another profile, or a simulator for a real gateway', () => {
    const sim = recorded('staging', { name: 'llm-gateway-sim', profile: 'llmgateway', baseURL: 'simulated:llmgateway' });
    expect(() => checkBaselineFits(sim, 'b.json', { target: 'staging', named: true, gateway: staging })).toThrow(/recorded from a llmgateway simulator .*has a llmgateway gateway at https:\/\/api\.llmgateway\.io\/v1/);
    const other = recorded('staging', { ...staging, profile: 'openai-compatible' });
    expect(() => checkBaselineFits(other, 'b.json', { target: 'staging', named: false, gateway: staging })).toThrow(/recorded from a openai-compatible gateway/);
  });

  it('compares the same kind of gateway under another name or address, with a warning', () => {
    const moved = recorded('staging', { ...staging, baseURL: 'https://old.llmgateway.io/v1' });
    const warnings = checkBaselineFits(moved, 'b.json', { target: 'staging', named: false, gateway: staging });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/recorded from "llm-gateway" \(https:\/\/old\.llmgateway\.io\/v1\), the baseline gateway is now "llm-gateway" \(https:\/\/api\.llmgateway\.io\/v1\); compared anyway/);
  });
});

describe('baseline files on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-baseline-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const full: BaselineFile = {
    ...recorded('local', { name: 'llm-gateway-sim', profile: 'llmgateway', baseURL: 'simulated:llmgateway' }),
    cases: {
      'case "one"': { hash: 'h1', samples: arm('baseline', [310, 320], { text: 'braces { } and "quotes"\nnew line' }) },
      two: { hash: 'h2', samples: arm('baseline', [400]) },
      empty: { hash: 'h3', samples: [] },
    },
  };

  it('writes case by case exactly the text JSON.stringify gives the whole file', () => {
    for (const data of [full, { ...full, cases: {} }]) {
      const file = join(dir, 'layout.json');
      writeBaseline(file, data);
      expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(data, null, 1)}\n`);
    }
  });

  it('reads back the header and hashes at once and each case\'s samples when asked', () => {
    const file = join(dir, 'roundtrip.json');
    writeBaseline(file, full);
    const stored = readBaseline(file);
    const { cases, ...header } = full;
    expect(stored).toMatchObject(header);
    expect([...(stored?.hashes ?? [])]).toEqual(Object.entries(cases).map(([id, c]) => [id, c.hash]));
    for (const [id, c] of Object.entries(cases)) expect(stored?.samples(id)).toEqual(c.samples);
    expect(stored?.samples('not-recorded')).toBeNull();
    expect(caseStatus(promptCase({ id: 'two', hash: 'h2' }), stored ?? null)).toBe('compared');
    expect(caseStatus(promptCase({ id: 'two', hash: 'changed' }), stored ?? null)).toBe('stale');
    expect(caseStatus(promptCase({ id: 'three' }), stored ?? null)).toBe('new');
    expect(readBaseline(join(dir, 'missing.json'))).toBeNull();
  });

  it('checks every case before the run, naming where a file is wrong', () => {
    const file = join(dir, 'invalid.json');
    const broken = JSON.parse(JSON.stringify(full)) as { cases: Record<string, { samples: Array<Record<string, unknown>> }> };
    (broken.cases['two']?.samples[0] as Record<string, unknown>)['kind'] = 'maybe';
    writeFileSync(file, JSON.stringify(broken));
    expect(() => readBaseline(file)).toThrow(/invalid baseline file at cases\.two\.samples\.0\.kind/);
    writeFileSync(file, JSON.stringify({ ...full, cases: undefined }));
    expect(() => readBaseline(file)).toThrow(/invalid baseline file at cases/);
    writeFileSync(file, JSON.stringify({ ...full, tool: { name: 'other' } }));
    expect(() => readBaseline(file)).toThrow(/invalid baseline file at tool/);
    writeFileSync(file, JSON.stringify(full).slice(0, -40));
    expect(() => readBaseline(file)).toThrow(/not valid JSON/);
    writeFileSync(file, '{"format": "cutover-baseline", "cases": {"a": {"hash": "h", "samples": [}}}');
    expect(() => readBaseline(file)).toThrow(/not valid JSON/);
    writeFileSync(file, '[1, 2]');
    expect(() => readBaseline(file)).toThrow(/not a cutover baseline file/);
  });

  it('refuses to read samples from a file replaced after it was checked', () => {
    const file = join(dir, 'replaced.json');
    writeBaseline(file, full);
    const stored = readBaseline(file);
    writeBaseline(file, { ...full, cases: { two: { hash: 'h2', samples: arm('baseline', [1, 2, 3]) } } });
    expect(() => stored?.samples('two')).toThrow(/changed while this run was reading it/);
  });
});
