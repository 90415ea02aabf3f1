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
  /** Where the key came from, safe to print (`env:AI_STATS_API_KEY`, `generated`, `none`: a server without auth). */
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

/**
 * The API key in `env[name]`. Unset, empty and blank are each said as such (a blank key would be
 * sent as "Bearer  " and fail as a 401 on every request); whitespace around a key (a pasted
 * newline) is trimmed; whitespace inside one is refused.
 */
export function keyFromEnv(env: Readonly<Record<string, string | undefined>>, name: string, who: string): Secret {
  const value = env[name];
  const problem =
    value === undefined
      ? 'which is not set'
      : value === ''
        ? 'which is set but empty'
        : value.trim() === ''
          ? 'which holds only whitespace'
          : /\s/.test(value.trim())
            ? 'which holds whitespace inside the key'
            : null;
  if (problem !== null || value === undefined) throw new ConfigError(`${who} needs its API key in the environment variable ${name}, ${problem ?? ''}`, 'missing-key');
  return new Secret(value.trim());
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
    const who = `target "${name}": the ${role} gateway "${g.name}"`;
    if (g.keyEnv !== undefined) {
      apiKey = keyFromEnv(env, g.keyEnv, who);
      keySource = `env:${g.keyEnv}`;
    } else if (g.sim !== undefined) {
      // A simulated gateway with no configured key: a fresh random key for this run only.
      apiKey = new Secret(`sim-${role}-${randomBytes(12).toString('hex')}`);
      keySource = 'generated';
    } else if (g.profile === 'openai-compatible') {
      // A server that needs no key (a local mock, an internal proxy): requests carry no Authorization.
      apiKey = new Secret('');
      keySource = 'none';
    } else {
      throw new ConfigError(
        `${who} has a baseURL but no keyEnv naming its API key variable (${g.profile === 'aistats' ? 'AI Stats' : 'LLM Gateway'} always needs a key; only profile openai-compatible may run without one)`,
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
