/**
 * Loads eval.config.yaml and resolves one target against the environment.
 * This folder is the only place in cutover that reads `process.env` (via the `env` argument).
 */
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.ts';
import type { ProfileName, Role } from '../gateway/types.ts';
import { ConfigSchema, type Config, type SimSpec, type Thresholds } from './schema.ts';
import { Secret } from './secret.ts';
import { displayPath, parseYaml, validateYaml } from './yaml.ts';

export interface LoadedConfig {
  file: string;
  rootDir: string;
  config: Config;
  suiteDir: string;
  baselineDir: string;
  reportsDir: string;
}

export interface ResolvedGateway {
  role: Role;
  name: string;
  profile: ProfileName;
  /** Real gateways: the configured URL. Simulated ones: undefined until the simulator starts. */
  baseURL: string | undefined;
  sim: SimSpec | undefined;
  apiKey: Secret;
  /** Where the key came from, safe to print (`env:AI_STATS_API_KEY`, `generated`). */
  keySource: string;
  concurrency: number;
  timeoutMs: number;
  retries: { max: number; baseDelayMs: number; maxDelayMs: number };
  headers: Record<string, string>;
}

export interface ResolvedTarget {
  name: string;
  description: string | undefined;
  baseline: ResolvedGateway;
  candidate: ResolvedGateway;
  baselineFile: string;
  /** The target names its baseline file (`baselineFile:`): one recorded for another target is used on purpose. */
  baselineFileNamed: boolean;
  repeat: number;
  warmup: number;
  aliases: Record<string, string>;
  prices: Config['prices'];
  thresholds: Thresholds;
}

export const DEFAULT_CONFIG_FILE = 'eval.config.yaml';

export function loadConfig(file: string = DEFAULT_CONFIG_FILE): LoadedConfig {
  const abs = resolve(file);
  const fail = (m: string) => new ConfigError(m);
  const parsed = parseYaml(abs, fail);
  const config = validateYaml(abs, parsed, ConfigSchema, fail);
  const rootDir = dirname(abs);
  return {
    file: abs,
    rootDir,
    config,
    suiteDir: resolve(rootDir, config.suite),
    baselineDir: resolve(rootDir, config.baselineDir),
    reportsDir: resolve(rootDir, config.reportsDir),
  };
}

export function targetNames(loaded: LoadedConfig): string[] {
  return Object.keys(loaded.config.targets);
}

/** Resolve `name` into gateways with keys. Throws ConfigError naming the target or variable. */
export function resolveTarget(
  loaded: LoadedConfig,
  name: string,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedTarget {
  const { config } = loaded;
  const spec = config.targets[name];
  if (!spec) {
    throw new ConfigError(
      `unknown target "${name}" in ${displayPath(loaded.file)}; known targets: ${targetNames(loaded).join(', ')}`,
      'unknown-target',
    );
  }
  const gateway = (role: Role): ResolvedGateway => {
    const g = spec[role];
    let apiKey: Secret;
    let keySource: string;
    if (g.keyEnv !== undefined) {
      const value = env[g.keyEnv];
      if (value === undefined || value.trim() === '') {
        throw new ConfigError(
          `target "${name}": the ${role} gateway "${g.name}" needs its API key in the environment variable ${g.keyEnv}, which is not set`,
          'missing-key',
        );
      }
      apiKey = new Secret(value.trim());
      keySource = `env:${g.keyEnv}`;
    } else if (g.sim !== undefined) {
      // A simulated gateway with no configured key: a fresh random key for this run only.
      apiKey = new Secret(`sim-${role}-${randomBytes(12).toString('hex')}`);
      keySource = 'generated';
    } else {
      throw new ConfigError(
        `target "${name}": the ${role} gateway "${g.name}" has a baseURL but no keyEnv naming its API key variable`,
        'missing-key',
      );
    }
    return {
      role,
      name: g.name,
      profile: g.profile,
      baseURL: g.baseURL?.replace(/\/+$/, ''),
      sim: g.sim,
      apiKey,
      keySource,
      concurrency: g.concurrency ?? config.defaults.concurrency,
      timeoutMs: g.timeoutMs ?? config.defaults.timeoutMs,
      retries: g.retries ?? config.defaults.retries,
      headers: g.headers,
    };
  };
  return {
    name,
    description: spec.description,
    baseline: gateway('baseline'),
    candidate: gateway('candidate'),
    baselineFile: resolve(loaded.rootDir, spec.baselineFile ?? `${config.baselineDir}/${name}.json`),
    baselineFileNamed: spec.baselineFile !== undefined,
    repeat: spec.repeat ?? config.defaults.repeat,
    warmup: spec.warmup ?? config.defaults.warmup,
    aliases: config.aliases,
    prices: config.prices,
    thresholds: config.thresholds,
  };
}
