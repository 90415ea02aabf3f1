/** `health --target <name>`: is each gateway up, and does a plain and a streamed request work? */
import { resolve } from 'node:path';
import { loadConfig, resolveTarget, type ResolvedTarget } from '../config/load.ts';
import { EXIT, UsageError } from '../errors.ts';
import { mapModel, splitModelId } from '../gateway/alias.ts';
import { checkGateway, type HealthRow } from '../gateway/health.ts';
import { openGateways, publicBaseURL } from '../run/gateways.ts';
import type { Register } from './index.ts';

/** The configured model with the lowest input + output price (health checks should cost little). */
export function cheapestConfiguredModel(prices: ResolvedTarget['prices']): string | null {
  const ranked = Object.entries(prices).sort(([a, x], [b, y]) => x.input + x.output - (y.input + y.output) || (a < b ? -1 : 1));
  return ranked[0]?.[0] ?? null;
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
    .description("check each gateway's health route by its own convention, plus one plain and one streamed request")
    .option('-t, --target <name>', 'target from the config file', 'local')
    .option('-c, --config <file>', 'config file', 'eval.config.yaml')
    .option('-m, --model <id>', 'model for the two requests (default: the cheapest in the config prices)')
    .option('--json', 'print the rows as JSON', false)
    .action(async (opts: { target: string; config: string; model?: string; json: boolean }) => {
      const target = resolveTarget(loadConfig(resolve(io.cwd, opts.config)), opts.target, io.env);
      const model = opts.model ?? cheapestConfiguredModel(target.prices);
      if (model === null) throw new UsageError('health: no prices in the config to pick the cheapest model from; pass --model <id>');
      const gws = await openGateways(target);
      let rows: HealthRow[];
      try {
        const each = [gws.baseline, gws.candidate].map((g) =>
          // Config prices are keyed by org/model; LLM Gateway's prefixes name providers, not orgs
          // (google-ai-studio, not google), and it resolves bare ids itself, so it gets the bare id.
          checkGateway(g, g.profile === 'llmgateway' ? splitModelId(model).model : mapModel(model, { profile: g.profile, aliases: target.aliases }), io.signal),
        );
        rows = (await Promise.all(each)).flat();
      } finally {
        await gws.close();
      }
      const failed = [...new Set(rows.filter((r) => !r.ok).map((r) => r.role))];
      if (opts.json) {
        const gateways = { baseline: publicBaseURL(gws.baseline), candidate: publicBaseURL(gws.candidate) };
        io.stdout(`${JSON.stringify({ target: target.name, model, gateways, healthy: failed.length === 0, rows }, null, 2)}\n`);
      } else {
        io.stdout(`target ${target.name}: baseline ${publicBaseURL(gws.baseline)}, candidate ${publicBaseURL(gws.candidate)}\n\n${table(rows)}`);
        const why = rows.filter((r) => !r.ok).map((r) => `${r.role} ${r.gateway} ${r.check}: ${r.detail}\n`);
        io.stdout(failed.length === 0 ? '\nboth gateways healthy\n' : `\n${why.join('')}unhealthy: ${failed.join(', ')}\n`);
      }
      setExit(failed.length === 0 ? EXIT.pass : EXIT.gateFailed);
    });
};
