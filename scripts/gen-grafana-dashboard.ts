// Regenerates docs/grafana/cutover-canary.json from the meter sink's names: `npx tsx scripts/gen-grafana-dashboard.ts`.
import { writeFileSync } from 'node:fs';
import { grafanaDashboardText } from '../src/canary/grafana.ts';

writeFileSync(new URL('../docs/grafana/cutover-canary.json', import.meta.url), grafanaDashboardText());
