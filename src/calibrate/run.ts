/**
 * `npm run calibrate [-- --only <id-prefix>] [--trials N] [--quick]`: runs every calibration
 * scenario (seeded, so the same numbers every time), writes reports/calibration.json and the
 * table in docs/CALIBRATION.md (between its markers), and exits 1 when a scenario misses its
 * target. The full run takes about 15 minutes on one free core (the distribution scenarios most
 * of it); --quick runs 40 trials each (a few minutes, rates ± ~15 points) and, like --only and
 * --trials, leaves the documented table alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { VERSION } from '../version.ts';
import { allScenarios, runScenario, summaryRows, type ScenarioResult } from './index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = `${ROOT}docs/CALIBRATION.md`;
const START = '<!-- calibration:start -->';
const END = '<!-- calibration:end -->';

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export function table(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => {
    const target = r.kind === 'measured' ? '—' : `${r.kind === 'false-alarm' ? '≤' : '≥'} ${pct(r.target)}`;
    const met = r.kind === 'measured' ? '—' : r.met ? 'yes' : '**no**';
    return `| \`${r.id}\` | ${r.check} | ${r.kind} | ${r.description} | ${r.trials} | ${r.failures} | **${pct(r.rate)}** (${pct(r.interval[0])} – ${pct(r.interval[1])}) | ${target} | ${met} |`;
  });
  return ['| scenario | counted | kind | simulated | trials | fails | rate (95 % CI) | target | met |', '|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

function main(): number {
  const { values } = parseArgs({ options: { only: { type: 'string' }, trials: { type: 'string' }, quick: { type: 'boolean' } } });
  const chosen = allScenarios().filter((s) => values.only === undefined || s.id.startsWith(values.only));
  const trials = values.trials !== undefined ? Number(values.trials) : values.quick === true ? 40 : undefined;
  if (trials !== undefined && !(Number.isInteger(trials) && trials > 0)) {
    process.stderr.write(`calibrate: --trials must be a positive whole number, got ${values.trials}\n`);
    return 2;
  }
  const results: ScenarioResult[] = [];
  for (const s of chosen) {
    const started = performance.now();
    const r = runScenario(s, trials);
    results.push(r);
    const target = r.kind === 'measured' ? 'no target of its own' : `target ${r.kind === 'false-alarm' ? '≤' : '≥'} ${pct(r.target)}`;
    process.stdout.write(`${r.met ? 'ok  ' : 'MISS'} ${r.id}: ${r.failures}/${r.trials} = ${pct(r.rate)} (${target}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  for (const r of summaryRows(results)) {
    results.push(r);
    process.stdout.write(`${r.met ? 'ok  ' : 'MISS'} ${r.id}: ${pct(r.rate)} (target ≥ ${pct(r.target)})\n`);
  }
  mkdirSync(`${ROOT}reports`, { recursive: true });
  writeFileSync(`${ROOT}reports/calibration.json`, `${JSON.stringify({ tool: { name: 'cutover', version: VERSION }, results }, null, 2)}\n`);
  // The doc's table is only rewritten by a full run at the documented trial counts.
  if (values.only === undefined && trials === undefined) {
    const doc = readFileSync(DOC, 'utf8');
    const a = doc.indexOf(START);
    const b = doc.indexOf(END);
    if (a < 0 || b < a) throw new Error(`${DOC}: markers ${START} … ${END} not found`);
    writeFileSync(DOC, `${doc.slice(0, a + START.length)}\n${table(results)}\n${doc.slice(b)}`);
  }
  process.stdout.write(`wrote reports/calibration.json${values.only === undefined && trials === undefined ? ' and the table in docs/CALIBRATION.md' : ''}\n`);
  return results.every((r) => r.met) ? 0 : 1;
}

process.exitCode = main();
