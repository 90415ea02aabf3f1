/**
 * The Grafana dashboard shipped as docs/grafana/cutover-canary.json, built from the meter sink's
 * own names (meter.ts) so the two cannot drift: `npx tsx scripts/gen-grafana-dashboard.ts`
 * rewrites the file and a test checks it is current.
 *
 * Prometheus names: dots become underscores; the OpenTelemetry Collector and Prometheus' OTLP
 * receiver append the unit (`_seconds`) where the JavaScript Prometheus exporter does not, so
 * queries match the duration histogram with and without it.
 */
import { METER_ATTRIBUTES, METER_NAMES } from './meter.ts';

const prom = (name: string): string => name.replace(/[^a-zA-Z0-9_]/g, '_');
const ARM = prom(METER_ATTRIBUTES.arm);
const ERR = prom(METER_ATTRIBUTES.errorType);
const MODEL = prom(METER_ATTRIBUTES.model);
const TOKEN_TYPE = prom(METER_ATTRIBUTES.tokenType);
const DURATION = prom(METER_NAMES.duration);
const TOKENS = prom(METER_NAMES.tokens);
const COST = `${prom(METER_NAMES.cost)}_total`;

/** A series selector for the duration histogram's `part` (bucket, count, sum), with or without the `_seconds` suffix. */
function duration(part: 'bucket' | 'count' | 'sum', matchers: string[] = []): string {
  return `{${[`__name__=~"${DURATION}(?:_seconds)?_${part}"`, `${MODEL}=~"$model"`, ...matchers].join(', ')}}`;
}

const rate = (selector: string): string => `rate(${selector}[$__rate_interval])`;

const quantile = (q: number): string => `histogram_quantile(${q}, sum by (le, ${ARM}) (${rate(duration('bucket', [`${ERR}=""`]))}))`;

interface Target {
  expr: string;
  legendFormat: string;
}

let nextId = 1;
function panel(title: string, description: string, unit: string, targets: Target[], grid: { x: number; y: number; w: number; h: number }, extra: Record<string, unknown> = {}) {
  return {
    id: nextId++,
    type: 'timeseries',
    title,
    description,
    datasource: { type: 'prometheus', uid: '${datasource}' },
    gridPos: grid,
    fieldConfig: {
      defaults: { unit, min: 0, custom: { lineWidth: 2, fillOpacity: 0, showPoints: 'never' } },
      overrides: [
        { matcher: { id: 'byRegexp', options: '.*baseline.*' }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: '#3b5bdb' } }] },
        { matcher: { id: 'byRegexp', options: '.*candidate.*' }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: '#e8590c' } }] },
        { matcher: { id: 'byRegexp', options: '.*p95.*' }, properties: [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 6] } }] },
      ],
    },
    options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi', sort: 'none' } },
    targets: targets.map((t, i) => ({ refId: String.fromCharCode(65 + i), datasource: { type: 'prometheus', uid: '${datasource}' }, ...t })),
    ...extra,
  };
}

export function grafanaDashboard(): Record<string, unknown> {
  nextId = 1;
  const all = (matchers: string[] = []): string => `sum by (${ARM}) (${rate(duration('count', matchers))})`;
  return {
    title: 'cutover canary: LLM Gateway → AI Stats',
    uid: 'cutover-canary',
    description: 'The cutover canary as its dashboard shows it: latency and error rate per arm, the candidate’s share of traffic, errors, tokens and cost. Built on the OpenTelemetry GenAI metric names cutover’s meterSink emits (see docs/OPENTELEMETRY.md).',
    tags: ['cutover', 'canary', 'gen_ai'],
    editable: true,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-7d', to: 'now' },
    refresh: '1m',
    timezone: 'utc',
    templating: {
      list: [
        { name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', current: {} },
        {
          name: 'model',
          label: 'model (as sent)',
          type: 'query',
          datasource: { type: 'prometheus', uid: '${datasource}' },
          query: { query: `label_values(${MODEL})`, refId: 'model' },
          definition: `label_values(${MODEL})`,
          includeAll: true,
          multi: true,
          allValue: '.*',
          current: { text: 'All', value: '$__all' },
          refresh: 2,
        },
      ],
    },
    annotations: { list: [] },
    panels: [
      panel('Latency p50 and p95 per arm', 'Successful calls only (no error.type). p95 dashed.', 's', [
        { expr: quantile(0.5), legendFormat: `{{${ARM}}} p50` },
        { expr: quantile(0.95), legendFormat: `{{${ARM}}} p95` },
      ], { x: 0, y: 0, w: 12, h: 9 }),
      panel('Error rate per arm', 'Share of calls that ended with an error.type (HTTP status, or the error class when no answer came).', 'percentunit', [
        { expr: `${all([`${ERR}!=""`])} / ${all()}`, legendFormat: `{{${ARM}}}` },
      ], { x: 12, y: 0, w: 12, h: 9 }),
      panel('Candidate share of traffic', 'Candidate calls / all calls routed by the canary.', 'percentunit', [
        { expr: `sum(${rate(duration('count', [`${ARM}="candidate"`]))}) / sum(${rate(duration('count'))})`, legendFormat: 'candidate share' },
      ], { x: 0, y: 9, w: 8, h: 8 }),
      panel('Calls per second per arm', 'Every routed call, failed or not.', 'reqps', [{ expr: all(), legendFormat: `{{${ARM}}}` }], { x: 8, y: 9, w: 8, h: 8 }),
      panel('Errors per second by type', 'error.type: HTTP status or error class.', 'reqps', [
        { expr: `sum by (${ARM}, ${ERR}) (${rate(duration('count', [`${ERR}!=""`]))})`, legendFormat: `{{${ARM}}} {{${ERR}}}` },
      ], { x: 16, y: 9, w: 8, h: 8 }),
      panel('Tokens per call', 'Mean tokens per successful call, as the gateway reported them.', 'short', [
        {
          expr: `sum by (${ARM}, ${TOKEN_TYPE}) (${rate(`{__name__="${TOKENS}_sum", ${MODEL}=~"$model"}`)}) / sum by (${ARM}, ${TOKEN_TYPE}) (${rate(`{__name__="${TOKENS}_count", ${MODEL}=~"$model"}`)})`,
          legendFormat: `{{${ARM}}} {{${TOKEN_TYPE}}}`,
        },
      ], { x: 0, y: 17, w: 12, h: 8 }),
      panel('Cost per successful call (gateway-reported)', 'Only gateways that report cost (AI Stats) appear; a missing arm is unknown, not free.', 'currencyUSD', [
        { expr: `sum by (${ARM}) (${rate(`{__name__="${COST}", ${MODEL}=~"$model"}`)}) / ${all([`${ERR}=""`])}`, legendFormat: `{{${ARM}}}` },
      ], { x: 12, y: 17, w: 12, h: 8 }),
    ],
  };
}

export function grafanaDashboardText(): string {
  return `${JSON.stringify(grafanaDashboard(), null, 2)}\n`;
}
