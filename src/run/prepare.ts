/**
 * Everything knowable before the first request, checked before it (eval and baseline alike): the
 * target and its keys, the suite (assertions compiled), the selection, the stored baseline and
 * whether it belongs to this run, model aliases, the report folder, and the plan against
 * `--max-requests`. Any problem is one clear message and exit 2, with nothing sent and nothing
 * written. Nothing here starts a gateway.
 */
import { resolveTarget, type LoadedConfig, type ResolvedTarget } from '../config/load.ts';
import { displayPath } from '../config/yaml.ts';
import { UsageError } from '../errors.ts';
import { checkBaselineFits, readBaseline, type StoredBaseline } from '../baseline/file.ts';
import type { Role } from '../gateway/types.ts';
import { loadSuite } from '../suite/load.ts';
import type { PromptCase } from '../suite/types.ts';
import { configuredPrices } from './pricing.ts';
import { gatewayInfo, plannedGateway } from './gateways.ts';
import { checkOutDir } from './out-dir.ts';
import { detectionWarnings } from './detection.ts';
import { formatPlan, planRun, type RunPlan } from './plan.ts';
import { checkModelMapping } from './preflight.ts';
import { selectCases } from './select.ts';
import type { Shard } from './shard.ts';

export interface PrepareOptions {
  loaded: LoadedConfig;
  target: string;
  env: Readonly<Record<string, string | undefined>>;
  arms: readonly Role[];
  repeat: number | undefined;
  grep?: RegExp | undefined;
  shard?: Shard | undefined;
  /** eval compares with the stored baseline (and checks it fits); baseline only replaces it. */
  compare: boolean;
  /** The report folder and how messages name it (`--out x`, `the reports folder`). */
  outDir: string;
  outName: string;
}

export interface PreparedRun {
  target: ResolvedTarget;
  cases: PromptCase[];
  /** Cases selected before sharding (an empty shard says how many there were). */
  selected: number;
  stored: StoredBaseline | null;
  plan: RunPlan;
  /** Not fatal, said before the run and kept in the report's findings. */
  warnings: string[];
}

export function prepareRun(o: PrepareOptions): PreparedRun {
  const target = resolveTarget(o.loaded, o.target, o.env);
  const all = loadSuite(o.loaded.suiteDir, target.repeat);
  const selection = selectCases(all, { grep: o.grep, shard: o.shard, suite: displayPath(o.loaded.suiteDir) });
  const warnings: string[] = [];
  let stored: StoredBaseline | null = null;
  if (o.compare) {
    stored = readBaseline(target.baselineFile);
    if (stored !== null) {
      const gateway = gatewayInfo(plannedGateway(target.baseline));
      warnings.push(...checkBaselineFits(stored, target.baselineFile, { target: target.name, named: target.baselineFileNamed, gateway }));
    }
  }
  for (const role of o.arms) checkModelMapping(selection.cases, target[role], target.aliases);
  checkOutDir(o.outDir, o.outName);
  const plan = planRun({
    cases: selection.cases,
    arms: o.arms.map((role) => ({ profile: target[role].profile })),
    repeat: o.repeat,
    warmup: target.warmup,
    aliases: target.aliases,
    price: configuredPrices(target),
    priceSource: 'configured',
    recorded: (id) => stored?.samples(id) ?? null,
    ...(o.compare ? { thresholds: target.thresholds } : {}),
  });
  if (plan.detection !== null) warnings.push(...detectionWarnings(plan.detection));
  return { target, cases: selection.cases, selected: selection.selected, stored, plan, warnings };
}

/** Refuses a run that would send more than `max` requests, before it sends any. */
export function checkMaxRequests(plan: RunPlan, max: number): void {
  if (plan.requests <= max) return;
  throw new UsageError(
    `more than --max-requests ${max.toLocaleString('en-US')}: ${formatPlan(plan)}. Nothing was sent. Lower the repeat (--repeat, or repeat in eval.config.yaml or the suite), select fewer cases (--grep, --shard), or raise --max-requests if you mean it`,
  );
}
