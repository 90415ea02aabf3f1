import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import { grafanaDashboard, grafanaDashboardText } from './grafana.ts';
import { fanOut, METER_ATTRIBUTES, METER_NAMES, meterSink, type MeterLike } from './meter.ts';
import type { CanaryMetric } from './types.ts';

function fakeMeter() {
  const points: Array<{ name: string; value: number; attrs: Record<string, unknown> | undefined }> = [];
  const meter: MeterLike = {
    createHistogram: (name) => ({ record: (value, attrs) => points.push({ name, value, attrs }) }),
    createCounter: (name) => ({ add: (value, attrs) => points.push({ name, value, attrs }) }),
  };
  return { meter, points };
}

const metric: CanaryMetric = {
  arm: 'candidate',
  model: 'openai/gpt-4o',
  operation: 'chat',
  latencyMs: 250,
  outcome: { kind: 'ok' },
  usage: { promptTokens: 11, completionTokens: 4 },
  costNanos: 900,
  startedAt: 0,
};
const failed = (status: number | null, errorClass: string): CanaryMetric => ({ ...metric, outcome: { kind: 'error', status, errorClass }, usage: null, costNanos: null });

/** The real SDK, read through its Prometheus serializer: what a scrape would return. */
async function prometheusText(metrics: readonly CanaryMetric[]): Promise<string> {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  const sink = meterSink(provider.getMeter('cutover-test'));
  metrics.forEach(sink);
  const { resourceMetrics } = await exporter.collect();
  await provider.shutdown();
  return new PrometheusSerializer('', false, undefined, true, true).serialize(resourceMetrics);
}

describe('meterSink', () => {
  it('uses the OpenTelemetry GenAI semantic-convention names where they apply', () => {
    expect(METER_NAMES.duration).toBe(METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    expect(METER_NAMES.tokens).toBe(METRIC_GEN_AI_CLIENT_TOKEN_USAGE);
    expect([METER_ATTRIBUTES.operation, METER_ATTRIBUTES.model, METER_ATTRIBUTES.tokenType, METER_ATTRIBUTES.errorType, METER_ATTRIBUTES.httpStatus]).toEqual([
      ATTR_GEN_AI_OPERATION_NAME,
      ATTR_GEN_AI_REQUEST_MODEL,
      ATTR_GEN_AI_TOKEN_TYPE,
      ATTR_ERROR_TYPE,
      ATTR_HTTP_RESPONSE_STATUS_CODE,
    ]);
  });

  it('records duration in seconds, tokens per type and reported cost, with operation, model and arm', () => {
    const { meter, points } = fakeMeter();
    meterSink(meter)(metric);
    const attrs = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'openai/gpt-4o', 'cutover.canary.arm': 'candidate' };
    expect(points).toEqual([
      { name: 'gen_ai.client.operation.duration', value: 0.25, attrs },
      { name: 'gen_ai.client.token.usage', value: 11, attrs: { ...attrs, 'gen_ai.token.type': 'input' } },
      { name: 'gen_ai.client.token.usage', value: 4, attrs: { ...attrs, 'gen_ai.token.type': 'output' } },
      { name: 'cutover.canary.cost', value: 9e-7, attrs },
    ]);
  });

  it('records a failed call in the duration histogram with error.type: the status, or the class without an answer', () => {
    const { meter, points } = fakeMeter();
    const sink = meterSink(meter);
    sink(failed(429, 'RateLimitError'));
    sink(failed(null, 'APIConnectionTimeoutError'));
    expect(points.map((p) => p.name)).toEqual(['gen_ai.client.operation.duration', 'gen_ai.client.operation.duration']);
    expect(points[0]?.attrs).toMatchObject({ 'error.type': '429', 'http.response.status_code': 429 });
    expect(points[1]?.attrs).toMatchObject({ 'error.type': 'APIConnectionTimeoutError' });
    expect(points[1]?.attrs).not.toHaveProperty('http.response.status_code');
  });

  it('works with the real OpenTelemetry SDK: the series and labels a Prometheus scrape returns', async () => {
    const text = await prometheusText([metric, { ...metric, arm: 'baseline', model: 'gpt-4o', costNanos: null, latencyMs: 1500 }, failed(502, 'InternalServerError')]);
    expect(text).toContain('# UNIT gen_ai_client_operation_duration s');
    // The conventions' bucket advice is honoured: seconds, not the SDK's millisecond defaults.
    expect(text).toMatch(/gen_ai_client_operation_duration_bucket\{[^}]*cutover_canary_arm="candidate"[^}]*le="0\.32"\} 1/);
    expect(text).toMatch(/gen_ai_client_operation_duration_bucket\{[^}]*cutover_canary_arm="baseline"[^}]*le="1\.28"\} 0/);
    expect(text).toMatch(/gen_ai_client_operation_duration_count\{[^}]*error_type="502"[^}]*http_response_status_code="502"[^}]*\} 1/);
    expect(text).toMatch(/gen_ai_client_token_usage_sum\{[^}]*gen_ai_token_type="input"[^}]*\} 11/);
    expect(text).toMatch(/cutover_canary_cost_total\{[^}]*cutover_canary_arm="candidate"[^}]*\} 9e-7/);
    expect(text).not.toMatch(/cutover_canary_cost_total\{[^}]*cutover_canary_arm="baseline"/); // unknown, not 0
  });

  it('fans one metric out to several sinks', () => {
    const seen: string[] = [];
    fanOut((m) => seen.push(`a:${m.arm}`), (m) => seen.push(`b:${m.arm}`))(metric);
    expect(seen).toEqual(['a:candidate', 'b:candidate']);
  });
});

describe('the Grafana dashboard in docs/', () => {
  it('is the one generated from the meter names (regenerate with scripts/gen-grafana-dashboard.ts)', () => {
    expect(readFileSync(join(import.meta.dirname, '../../docs/grafana/cutover-canary.json'), 'utf8')).toBe(grafanaDashboardText());
  });

  it('queries only series and labels the SDK emits, with and without the Collector’s unit suffix', async () => {
    const text = await prometheusText([metric, failed(502, 'InternalServerError'), { ...metric, arm: 'baseline', model: 'gpt-4o' }]);
    const series = [...text.matchAll(/^([a-zA-Z_:][\w:]*)\{([^}]*)\}/gm)].map((m) => ({ name: m[1] ?? '', labels: new Set([...(m[2] ?? '').matchAll(/(\w+)="/g)].map((l) => l[1])) }));
    // What the OpenTelemetry Collector's Prometheus exporter names the same histogram.
    const collectorNames = series.map((s) => s.name.replace(/^gen_ai_client_operation_duration_/, 'gen_ai_client_operation_duration_seconds_'));
    const labels = new Set(series.flatMap((s) => [...s.labels]));
    const panels = (grafanaDashboard()['panels'] as Array<{ title: string; targets: Array<{ expr: string }> }>).filter((p) => p.targets);
    expect(panels.map((p) => p.title)).toEqual(expect.arrayContaining(['Latency p50 and p95 per arm', 'Error rate per arm', 'Candidate share of traffic']));
    for (const p of panels) {
      for (const { expr } of p.targets) {
        const selectors = [...expr.matchAll(/__name__=(~?)"([^"]+)"/g)];
        expect(selectors.length, `${p.title}: ${expr}`).toBeGreaterThan(0);
        for (const [, tilde, name] of selectors) {
          const matches = (n: string): boolean => (tilde ? new RegExp(`^(?:${name})$`).test(n) : n === name);
          expect(series.some((s) => matches(s.name)), `${p.title}: no emitted series matches ${name}`).toBe(true);
          if (name?.includes('duration')) expect(collectorNames.some(matches), `${p.title}: ${name} misses the Collector's name`).toBe(true);
        }
        const used = [...expr.matchAll(/(?:by \(([^)]*)\))|(?:[{,]\s*(\w+)\s*(?:=~|!=|=)\s*")/g)].flatMap((m) => (m[1] ? m[1].split(',').map((x) => x.trim()) : [m[2] ?? '']));
        for (const label of used.filter((l) => l && l !== 'le' && l !== '__name__')) expect(labels.has(label), `${p.title}: label ${label} is never emitted`).toBe(true);
      }
    }
  });
});
