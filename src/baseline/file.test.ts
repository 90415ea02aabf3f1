import { describe, expect, it } from 'vitest';
import { BaselineError } from '../errors.ts';
import { BASELINE_FORMAT, BASELINE_SCHEMA_VERSION, checkBaselineFits, type BaselineFile } from './file.ts';

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
