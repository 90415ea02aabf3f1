import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { loadConfig, resolveTarget } from './load.ts';

const shipped = join(import.meta.dirname, '../../eval.config.yaml');

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-config-'));
  const file = join(dir, 'eval.config.yaml');
  writeFileSync(file, text);
  return file;
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig / resolveTarget', () => {
  it('has the shipped targets and resolves local without any key', () => {
    const loaded = loadConfig(shipped);
    expect(Object.keys(loaded.config.targets)).toEqual(['local', 'local-drift', 'local-substituted', 'local-tail', 'local-429', 'dev', 'staging', 'production']);
    const t = resolveTarget(loaded, 'local', {});
    expect(t.baseline.profile).toBe('llmgateway');
    expect(t.candidate.profile).toBe('aistats');
    expect(t.baseline.keySource).toBe('generated');
    expect(t.baselineFile.endsWith('baseline/local.json')).toBe(true);
    expect(resolveTarget(loaded, 'local-drift', {}).baselineFile.endsWith('baseline/local.json')).toBe(true);
  });

  it('real targets point at the real gateways and read keys from the named variables', () => {
    const t = resolveTarget(loadConfig(shipped), 'staging', { LLM_GATEWAY_API_KEY: 'llm-key-123456', AI_STATS_API_KEY: 'phaseo_v1_sk_abcdef_secret' });
    expect(t.baseline.baseURL).toBe('https://api.llmgateway.io/v1');
    expect(t.candidate.baseURL).toBe('https://api.phaseo.app/v1');
    expect(t.candidate.apiKey.reveal()).toBe('phaseo_v1_sk_abcdef_secret');
    // The key never prints, serialises or inspects.
    expect(JSON.stringify(t)).not.toContain('phaseo_v1_sk_abcdef_secret');
    expect(inspect(t, { depth: 10 })).not.toContain('phaseo_v1_sk_abcdef_secret');
    expect(String(t.candidate.apiKey)).toBe('[redacted]');
  });

  it('names the missing key variable', () => {
    const loaded = loadConfig(shipped);
    expect(messageOf(() => resolveTarget(loaded, 'staging', { LLM_GATEWAY_API_KEY: 'x' }))).toMatch(/AI_STATS_API_KEY/);
  });

  it('lists the known targets for an unknown one', () => {
    expect(messageOf(() => resolveTarget(loadConfig(shipped), 'nosuch', {}))).toMatch(/unknown target "nosuch".*known targets: local, local-drift, local-substituted, local-tail, local-429, dev, staging, production/);
  });

  it('reports schema problems with line and path', () => {
    const file = configFile('version: 1\ntargets:\n  x:\n    baseline: { name: a, profile: nope, sim: {} }\n    candidate: { name: b, profile: aistats }\n');
    const msg = messageOf(() => loadConfig(file));
    expect(msg).toMatch(/eval\.config\.yaml:4:\d+: targets\.x\.baseline\.profile:/);
    expect(msg).toMatch(/targets\.x\.candidate: needs either baseURL/);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(messageOf(() => loadConfig(configFile('version: 1\ntargets: {\n')))).toMatch(/eval\.config\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('names a missing config file', () => {
    expect(messageOf(() => loadConfig('/nonexistent/eval.config.yaml'))).toMatch(/eval\.config\.yaml: file not found/);
  });
});
