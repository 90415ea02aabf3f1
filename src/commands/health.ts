/**
 * `health --target <name>`: is each gateway up, and does every model the suite uses answer on it?
 * One request per distinct suite model (mapped through the aliases) per gateway, as cheap as a
 * request gets (one output token), plus one streamed request on the cheapest model.
 */
import { resolve } from 'node:path';
import { loadConfig, resolveTarget, type ResolvedTarget } from '../config/load.ts';
import { EXIT } from '../errors.ts';
import { mapModel } from '../gateway/alias.ts';
import { checkGateway, type HealthRow } from '../gateway/health.ts';
import { openGateways, publicBaseURL } from '../run/gateways.ts';
import { loadSuite } from '../suite/load.ts';
import type { Register } from './index.ts';

/** The distinct models the suite's ordinary cases use, cheapest first by the configured prices (unpriced last, in suite order). */
export function suiteModels(models: readonly string[], prices: ResolvedTarget['prices'], aliases: Readonly<Record<string, string>>): string[] {
  const distinct = [...new Set(models)];
  const cost = (id: string): number => {
    const p = prices[mapModel(id, { profile: 'aistats', aliases })];
    return p === undefined ? Number.POSITIVE_INFINITY : p.input + p.output;
  };
  return distinct.map((id, i) => ({ id, i, c: cost(id) })).sort((a, b) => a.c - b.c || a.i - b.i).map((m) => m.id);
}

function table(rows: readonly HealthRow[]): string {
  const head = ['role', 'gateway', 'check', 'target', 'status', 'latency', 'request id'];
  const cells = rows.map((r) => [
    r.role,
    r.gateway,
    r.check,
    r.target,
    `${r.ok ? 'ok' : 'FAIL'} ${r.status}`,
    r.latencyMs === null ? '-' : `${Math.round(r.latencyMs)} ms`,
    r.requestId ?? '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), ...cells.map(line)].join('\n') + '\n';
}

export const registerHealth: Register = (program, io, setExit) => {
  program
    .command('health')
    .description("check each gateway's health route by its own convention, then every model the suite uses (one output token each) and one streamed request")
    .option('-t, --target <name>', 'target from the config file', 'local')
    .option('-c, --config <file>', 'config file', 'eval.config.yaml')
    .option('-m, --model <id>', 'probe only this model (as the application writes it), plain and streamed')
    .option('--json', 'print the rows as JSON', false)
    .action(async (opts: { target: string; config: string; model?: string; json: boolean }) => {
      const loaded = loadConfig(resolve(io.cwd, opts.config));
      const target = resolveTarget(loaded, opts.target, io.env);
      // Contract cases name a model that must not exist (or send a wrong key on purpose); the rest are the models in use.
      const used = loadSuite(loaded.suiteDir)
        .filter((c) => c.expectError === undefined || c.expectError === 'invalid-key')
        .map((c) => c.model);
      const models = opts.model !== undefined ? [opts.model] : suiteModels(used, target.prices, target.aliases);
      const gws = await openGateways(target);
      let rows: HealthRow[];
      try {
        const each = [gws.baseline, gws.candidate].map((g) =>
          checkGateway(
            g,
            models.map((m) => mapModel(m, { profile: g.profile, aliases: target.aliases })),
            io.signal,
          ),
        );
        rows = (await Promise.all(each)).flat();
      } finally {
        await gws.close();
      }
      const failed = [...new Set(rows.filter((r) => !r.ok).map((r) => r.role))];
      const perModel = models.map((id) => ({
        id,
        baseline: mapModel(id, { profile: gws.baseline.profile, aliases: target.aliases }),
        candidate: mapModel(id, { profile: gws.candidate.profile, aliases: target.aliases }),
      }));
      if (opts.json) {
        const gateways = { baseline: publicBaseURL(gws.baseline), candidate: publicBaseURL(gws.candidate) };
        io.stdout(`${JSON.stringify({ target: target.name, models: perModel, gateways, healthy: failed.length === 0, rows }, null, 2)}\n`);
      } else {
        io.stdout(`target ${target.name}: baseline ${publicBaseURL(gws.baseline)}, candidate ${publicBaseURL(gws.candidate)}\n`);
        io.stdout(`${models.length} model(s) ${opts.model !== undefined ? 'given' : 'used by the suite'}, one request each per gateway (max_tokens 1), one streamed on ${models[0] ?? '-'}\n\n${table(rows)}`);
        const why = rows.filter((r) => !r.ok).map((r) => `${r.role} ${r.gateway} ${r.check} ${r.target}: ${r.detail}\n`);
        io.stdout(failed.length === 0 ? `\nboth gateways healthy; all ${models.length} model(s) answer on both\n` : `\n${why.join('')}unhealthy: ${failed.join(', ')}\n`);
      }
      setExit(failed.length === 0 ? EXIT.pass : EXIT.gateFailed);
    });
};
