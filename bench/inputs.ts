/** Deterministic inputs for the micro-benchmarks: texts, an SSE byte stream, a large report. */
import { exampleReport } from '../src/report/fixture.ts';
import type { RunReport } from '../src/report/types.ts';
import { mulberry32 } from '../src/util/prng.ts';

const VOCAB = (
  'the a of to and in is that for it as with was on be by this are or at from have an which not but they ' +
  'gateway request latency token model invoice refund account export currency customer support answer stream ' +
  'cost price usage error retry timeout header body response server client queue sample baseline candidate ' +
  'report check score noise floor margin percentile median tail window budget region cluster deploy release ' +
  'rollout canary traffic weight bucket hash route alias catalog provider organisation policy window quota'
).split(' ');

/** About `words` words of sentence-shaped pseudo-text from a shared vocabulary (seeded). */
export function textOf(seed: number, words: number, suffix = ''): string {
  const next = mulberry32(seed);
  const out: string[] = [];
  let sentence = 0;
  for (let i = 0; i < words; i++) {
    out.push(`${VOCAB[Math.floor(next() * VOCAB.length)] ?? 'x'}${suffix}`);
    if (++sentence >= 8 + Math.floor(next() * 12)) {
      out[out.length - 1] += '.';
      sentence = 0;
    }
  }
  return out.join(' ');
}

/** An OpenAI-style chat stream of `chunks` content deltas, usage and [DONE], one frame per read. */
export function sseBytes(chunks: number): Uint8Array[] {
  const enc = new TextEncoder();
  const frame = (data: unknown) => enc.encode(`data: ${JSON.stringify(data)}\n\n`);
  const base = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 0, model: 'gpt-4o-mini' };
  const out = [frame({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })];
  for (let i = 0; i < chunks; i++) out.push(frame({ ...base, choices: [{ index: 0, delta: { content: `word${i} ` }, finish_reason: null }] }));
  out.push(frame({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
  out.push(frame({ ...base, choices: [], usage: { prompt_tokens: 20, completion_tokens: chunks, total_tokens: 20 + chunks } }));
  out.push(enc.encode('data: [DONE]\n\n'));
  return out;
}

/** The reporters' example report scaled to `cases` cases of `repeat` samples per arm. */
export function bigReport(cases: number, repeat: number): RunReport {
  const example = exampleReport();
  const next = mulberry32(42);
  const e2e = () => Array.from({ length: cases * repeat }, () => Math.round(300 + next() * 400));
  return {
    ...example,
    cases: Array.from({ length: cases }, (_, i) => {
      const c = example.cases[i % example.cases.length];
      if (!c) throw new Error('example report has no cases');
      return { ...c, caseId: `${c.caseId}-${i}` };
    }),
    distributions: {
      baseline: { e2eMs: e2e(), ttftMs: e2e() },
      candidate: { e2eMs: e2e(), ttftMs: e2e() },
    },
  };
}
