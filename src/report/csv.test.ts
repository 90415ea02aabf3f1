import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvReporter } from './csv.ts';
import { exampleReport } from './fixture.ts';
import { renderToString } from './index.ts';

const ctx = { outDir: '/tmp/r', now: () => new Date(0) };

/** RFC 4180 reader (quotes, doubled quotes, embedded commas/newlines): enough to check our output. */
function parseCsv(text: string): Array<Record<string, string>> {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      record.push(field);
      field = '';
    } else if (!quoted && ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += ch;
    }
  }
  const [header = [], ...body] = records;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

describe('results.csv', () => {
  const report = exampleReport();
  const rows = parseCsv(renderToString(csvReporter, report, ctx));

  it('has one row per case × gateway with the documented columns', () => {
    expect(rows).toHaveLength(report.cases.length * 2);
    expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_COLUMNS]);
    expect(rows.every((r) => Object.keys(r).length === CSV_COLUMNS.length)).toBe(true);
    expect(rows.slice(0, 2).map((r) => `${r.caseId}/${r.role}/${r.gateway}`)).toEqual(['greeting/baseline/llm-gateway', 'greeting/candidate/ai-stats']);
  });

  it('writes exact USD from nanos and leaves unknown cost empty with its source', () => {
    const greeting = rows.find((r) => r.caseId === 'greeting' && r.role === 'candidate');
    expect(greeting?.cost_usd).toBe('0.0013625');
    const unknown = rows.find((r) => r.caseId === 'tool-call-weather' && r.role === 'candidate');
    expect(unknown?.cost_usd).toBe('');
    expect(unknown?.cost_source).toBe('unknown');
  });

  it('quotes fields that contain commas, quotes or newlines', () => {
    const hostile = exampleReport();
    const first = hostile.cases[0];
    if (!first) throw new Error('fixture changed');
    first.caseId = 'a,"b"\nc';
    expect(parseCsv(renderToString(csvReporter, hostile, ctx))[0]?.caseId).toBe('a,"b"\nc');
  });

  it('names the failing checks and the candidate similarity', () => {
    const failed = rows.find((r) => r.caseId === 'summarise-article' && r.role === 'candidate');
    expect(failed?.verdict).toBe('fail');
    expect(failed?.failing_checks).toBe('similarity');
    expect(failed?.similarity).toBe('0.61');
    expect(rows.find((r) => r.caseId === 'json-extract')?.failing_checks).toBe('latency');
  });
});
