/** `serve-sim`: the simulated gateways on loopback ports, for manual curl/SDK use, until Ctrl-C. */
import { keyFromEnv, loadConfig, resolveTarget } from '../config/load.ts';
import { DistortionSchema, FaultKind, SimSchema, type Distortion, type SimSpec } from '../config/schema.ts';
import { Secret } from '../config/secret.ts';
import { ConfigError, EXIT, UsageError } from '../errors.ts';
import { PROFILES } from '../gateway/profiles.ts';
import type { Role } from '../gateway/types.ts';
import { FAULT_HELP } from '../sim/faults.ts';
import { DISTORTION_HELP } from '../sim/distortion.ts';
import { serveSim } from '../sim/serve.ts';
import type { Register } from './index.ts';

/** Well-known keys for manual use; they guard nothing (loopback only) and are meant to be printed. */
const DEMO_KEYS: Record<Role, string> = { baseline: 'sim-llmgateway-key', candidate: 'phaseo_v1_sk_simlocal_demo' };

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`port must be 0–65535, got "${v}"`);
  return n;
}

export const registerServeSim: Register = (program, io, setExit) => {
  program
    .command('serve-sim')
    .description('run the simulated gateways of a target on loopback ports and print their base URLs until Ctrl-C')
    .option('-t, --target <name>', 'take the simulator settings of this target', 'local')
    .option('-c, --config <file>', 'config file', 'eval.config.yaml')
    .option('--baseline-port <n>', 'port of the baseline (LLM Gateway) simulator; 0 = any free port', port, 0)
    .option('--candidate-port <n>', 'port of the candidate (AI Stats) simulator; 0 = any free port', port, 0)
    .option('--keys-from-env', 'accept only the keys in LLM_GATEWAY_API_KEY / AI_STATS_API_KEY (not printed)', false)
    .option('--fault-rate <r>', 'inject faults into this fraction of chat requests (0–1)')
    .option('--fault-kinds <list>', 'comma-separated fault kinds (listed below; default: all)')
    .option('--fault-seed <n>', 'seed of the fault schedule', '7')
    .option('--legacy', 'LLM Gateway as recorded in its June 2025 snapshot (flat errors, drops tools)', false)
    .option('--distortion <json>', 'the candidate serves a different output distribution under the same model name (knobs below)', parseDistortion)
    .addHelpText(
      'after',
      `${faultHelp()}\n\n${DISTORTION_HELP}\nMore simulator knobs live in the target's sim: block in eval.config.yaml (README "Simulator knobs"):\n` +
        '  slowTail: { fraction, factor }           a fraction of calls factor x slower (a slow tail)\n' +
        '  firstAttemptFaults: { rate, kind }      first attempts answered with kind (default http-429); the retry succeeds\n' +
        '  faults on both arms                     a shared upstream failing for everyone\n',
    )
    .action(async (opts: { target: string; config: string; baselinePort: number; candidatePort: number; keysFromEnv: boolean; faultRate?: string; faultKinds?: string; faultSeed: string; legacy: boolean; distortion?: Distortion }) => {
      const target = resolveTarget(loadConfig(opts.config), opts.target, {});
      const faults = parseFaults(opts.faultRate, opts.faultKinds, opts.faultSeed);
      const roles: Role[] = ['baseline', 'candidate'];
      const specs = roles.map((role) => {
        const g = target[role];
        const base: SimSpec = g.sim ?? SimSchema.parse({});
        const sim: SimSpec = {
          ...base,
          ...(faults ? { faults } : {}),
          ...(role === 'baseline' && opts.legacy ? { legacy: true } : {}),
          ...(role === 'candidate' && opts.distortion ? { distortion: opts.distortion } : {}),
        };
        const keyEnv = PROFILES[g.profile].keyEnv;
        let apiKey: Secret;
        if (opts.keysFromEnv) {
          if (!keyEnv) throw new ConfigError(`--keys-from-env: the ${role} simulator (profile ${g.profile}) has no key variable`, 'missing-key');
          apiKey = keyFromEnv(io.env, keyEnv, `--keys-from-env: the ${role} simulator`);
        } else apiKey = new Secret(DEMO_KEYS[role]);
        return { profile: g.profile, apiKey, sim, port: role === 'baseline' ? opts.baselinePort : opts.candidatePort };
      });
      const host = await serveSim({ specs, print: (line) => io.stdout(`${line}\n`) });
      io.stdout(
        opts.keysFromEnv
          ? 'keys: the values of LLM_GATEWAY_API_KEY / AI_STATS_API_KEY\n'
          : `keys: baseline "${DEMO_KEYS.baseline}", candidate "${DEMO_KEYS.candidate}" (demo keys, loopback only)\n`,
      );
      io.stdout('press Ctrl-C to stop\n');
      await new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        else io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await host.close();
      setExit(EXIT.pass);
    });
};

/** Each fault kind and the real behaviour it reproduces (C… = the capture in ../shared/captures/). */
function faultHelp(): string {
  const width = Math.max(...FaultKind.options.map((k) => k.length));
  const indent = ' '.repeat(width + 4);
  const lines = FaultKind.options.map((k) => `  ${k.padEnd(width)}  ${wrap(FAULT_HELP[k], 100 - indent.length).join(`\n${indent}`)}`);
  return `\nFault kinds (named after what the client sees; each simulated gateway answers as the real one does):\n${lines.join('\n')}\n\nPer-model conditions (unpricedModels, upstreamOmitsUsage, providersWithoutKey, missingModels) are set under a gateway's sim: in eval.config.yaml.\n`;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...out, line];
}

function parseFaults(rate: string | undefined, kinds: string | undefined, seed: string): SimSpec['faults'] {
  if (rate === undefined && kinds === undefined) return undefined;
  const r = Number(rate ?? '0.05');
  if (!(r >= 0 && r <= 1)) throw new UsageError(`--fault-rate must be between 0 and 1, got "${rate}"`);
  const list = (kinds ?? FaultKind.options.join(',')).split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of list) {
    if (!FaultKind.safeParse(k).success) throw new UsageError(`--fault-kinds: unknown kind "${k}"; known: ${FaultKind.options.join(', ')}`);
  }
  const s = Number(seed);
  if (!Number.isInteger(s)) throw new UsageError(`--fault-seed must be an integer, got "${seed}"`);
  return { rate: r, kinds: list as FaultKind[], seed: s };
}

function parseDistortion(v: string): Distortion {
  let json: unknown;
  try {
    json = JSON.parse(v);
  } catch (cause) {
    throw new UsageError(`--distortion must be a JSON object, got "${v}"`, { cause });
  }
  const parsed = DistortionSchema.safeParse(json);
  if (!parsed.success) {
    throw new UsageError(`--distortion: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(object)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
