/** `models --target <name>`: both catalogs, every used model mapped, missing ones and price differences. */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig, resolveTarget } from '../config/load.ts';
import { EXIT, UsageError } from '../errors.ts';
import { fetchCatalog } from '../gateway/catalog.ts';
import { inventory, type Finding } from '../migrate/inventory.ts';
import { checkModels, type ModelCheck, type ModelsReport, type UsedModel } from '../migrate/models.ts';
import { openGateways } from '../run/gateways.ts';
import { loadSuite } from '../suite/load.ts';
import type { CommandIO } from './context.ts';
import type { Register } from './index.ts';

/** Findings from `--inventory`: an application folder (scanned now) or the JSON of `inventory --json`. */
async function inventoryModels(io: CommandIO, path: string, aliases: Readonly<Record<string, string>>): Promise<Finding[]> {
  const abs = resolve(io.cwd, path);
  const st = await stat(abs).catch(() => null);
  if (st === null) throw new UsageError(`--inventory ${path}: no such file or folder`);
  if (st.isDirectory()) return (await inventory(abs, { aliases })).findings;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(abs, 'utf8'));
  } catch (cause) {
    throw new UsageError(`--inventory ${path}: not JSON (expected the output of \`cutover inventory <dir> --json\`, or the folder itself)`, { cause });
  }
  const findings = (parsed as { findings?: unknown }).findings;
  if (!Array.isArray(findings)) throw new UsageError(`--inventory ${path}: no "findings" list (expected the output of \`cutover inventory <dir> --json\`)`);
  return findings as Finding[];
}

function collectUsed(suiteModels: readonly string[], findings: readonly Finding[]): UsedModel[] {
  const used = new Map<string, UsedModel>();
  const add = (id: string, source: string) => {
    const u = used.get(id) ?? { id, sources: [] };
    if (!u.sources.includes(source)) u.sources.push(source);
    used.set(id, u);
  };
  for (const id of suiteModels) add(id, 'suite');
  for (const f of findings) if (f.kind === 'model' && typeof f.value === 'string') add(f.value, `${f.file}:${f.line}`);
  return [...used.values()];
}

function priceText(c: ModelCheck): string {
  if (!c.baselinePrice || !c.candidatePrice || !c.priceDelta) return c.onCandidate && c.onBaseline ? 'price unknown' : '';
  const d = (v: string) => (v === '0' ? '=' : v.startsWith('-') ? v : `+${v}`);
  return `in $${c.baselinePrice.input} -> $${c.candidatePrice.input} (${d(c.priceDelta.input)}), out $${c.baselinePrice.output} -> $${c.candidatePrice.output} (${d(c.priceDelta.output)})`;
}

function formatReport(r: ModelsReport): string {
  let out = `catalogs: baseline ${r.baseline.gateway} (${r.baseline.models} models), candidate ${r.candidate.gateway} (${r.candidate.models} models)\n`;
  out += 'prices in USD per million tokens, baseline -> candidate\n\n';
  for (const c of r.checks) {
    const base = c.onBaseline ? c.baselineId : `${c.baselineId} (not in catalog)`;
    const cand = c.onCandidate ? c.candidateId : `MISSING ${c.candidateId}`;
    out += `${c.id.padEnd(28)} baseline ${base}  candidate ${cand}  ${priceText(c)}\n`;
    if (c.suggestions.length > 0) out += `${''.padEnd(28)} near matches on the candidate: ${c.suggestions.join(', ')} (map one in eval.config.yaml aliases)\n`;
    out += `${''.padEnd(28)} used in ${c.sources.slice(0, 5).join(', ')}${c.sources.length > 5 ? `, +${c.sources.length - 5} more` : ''}\n`;
  }
  out +=
    r.unmapped.length === 0
      ? `\nall ${r.checks.length} used model(s) exist on the candidate\n`
      : `\n${r.unmapped.length} used model(s) have no model on the candidate: ${r.unmapped.join(', ')}\n`;
  return out;
}

export const registerModels: Register = (program, io, setExit) => {
  program
    .command('models')
    .description('read both catalogs, map every model the suite (and --inventory) uses, report missing models and price differences')
    .option('-t, --target <name>', 'target from the config file', 'local')
    .option('-c, --config <file>', 'config file', 'eval.config.yaml')
    .option('-i, --inventory <path>', 'also check the models an application uses: its folder, or the JSON of `cutover inventory --json`')
    .option('--json', 'print the report as JSON', false)
    .action(async (opts: { target: string; config: string; inventory?: string; json: boolean }) => {
      const loaded = loadConfig(resolve(io.cwd, opts.config));
      const target = resolveTarget(loaded, opts.target, io.env);
      // Contract cases name a model that must not exist; they are not models the suite uses.
      const suiteModels = loadSuite(loaded.suiteDir)
        .filter((c) => c.expectError === undefined || c.expectError === 'invalid-key')
        .map((c) => c.model);
      const findings = opts.inventory === undefined ? [] : await inventoryModels(io, opts.inventory, target.aliases);
      const usedModels = collectUsed(suiteModels, findings);
      const gws = await openGateways(target);
      let report: ModelsReport;
      try {
        const [baselineCatalog, candidateCatalog] = await Promise.all([
          fetchCatalog(gws.baseline, { signal: io.signal }),
          fetchCatalog(gws.candidate, { signal: io.signal }),
        ]);
        report = checkModels({ baselineCatalog, candidateCatalog, usedModels, aliases: target.aliases });
      } finally {
        await gws.close();
      }
      io.stdout(opts.json ? `${JSON.stringify({ target: target.name, ...report }, null, 2)}\n` : formatReport(report));
      setExit(report.unmapped.length === 0 ? EXIT.pass : EXIT.gateFailed);
    });
};
