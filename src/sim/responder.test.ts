import { describe, expect, it } from 'vitest';
import { validateChat, type ChatRequest } from './request.ts';
import { DistortionSchema, type Distortion } from '../config/schema.ts';
import { isDrifted, respond, streamPieces, type RespondOptions, type SimAnswer } from './responder.ts';
import { countTokens } from './text.ts';

function req(body: Record<string, unknown>): ChatRequest {
  const v = validateChat({ messages: [{ role: 'user', content: 'Tell me about rivers and bridges.' }], ...body }, { narrow: false, dropTools: false });
  if (!v.ok) throw new Error('invalid test request');
  return v.request;
}
const opts: RespondOptions = { changeOutputs: 0, variation: () => 1 };
/** Each call a new sampling seed, like a server numbering repeats. */
function counter(): RespondOptions {
  let k = 0;
  return { changeOutputs: 0, variation: () => ++k };
}
const draws = (r: ChatRequest, o: RespondOptions, n: number): string[] => Array.from({ length: n }, () => respond(r, o).content ?? '');
const distinct = (texts: readonly string[]): number => new Set(texts).size;

describe('respond', () => {
  it('gives the same text for gpt-4o and openai/gpt-4o, and a different one for another model', () => {
    const a = respond(req({ model: 'gpt-4o' }), opts);
    expect(respond(req({ model: 'openai/gpt-4o' }), { ...opts, variation: () => 99 }).content).toBe(a.content);
    expect(respond(req({ model: 'anthropic/claude-3-5-haiku' }), opts).content).not.toBe(a.content);
    expect(a.finishReason).toBe('stop');
    expect(a.completionTokens).toBe(countTokens(a.content ?? ''));
    expect(a.completionTokens).toBeGreaterThan(0);
    expect(a.promptTokens).toBeGreaterThan(0);
  });

  it('samples at temperature > 0: repeats differ, the same sampling seed repeats, a request seed fixes the answer', () => {
    const r = req({ model: 'gpt-4o', temperature: 0.8 });
    expect(distinct(draws(r, counter(), 10))).toBeGreaterThanOrEqual(8);
    expect(respond(r, { ...opts, variation: () => 5 }).content).toBe(respond(r, { ...opts, variation: () => 5 }).content);
    const seeded = req({ model: 'gpt-4o', temperature: 0.8, seed: 3 });
    expect(distinct(draws(seeded, counter(), 5))).toBe(1);
    expect(respond(seeded, opts).content).not.toBe(respond(req({ model: 'gpt-4o', temperature: 0.8, seed: 4 }), opts).content);
    // Temperature 0 (or none) is one fixed answer whatever the sampling seed.
    expect(distinct(draws(req({ model: 'gpt-4o', temperature: 0 }), counter(), 5))).toBe(1);
  });

  it('honours temperature and top_p: colder or narrower sampling repeats itself more', () => {
    const base = { model: 'gpt-4o', max_tokens: 12 };
    const cold = distinct(draws(req({ ...base, temperature: 0.2 }), counter(), 60));
    const hot = distinct(draws(req({ ...base, temperature: 1.3 }), counter(), 60));
    expect(cold).toBeLessThan(hot);
    expect(distinct(draws(req({ ...base, temperature: 1, top_p: 0.01 }), counter(), 20))).toBeLessThanOrEqual(2);
    expect(distinct(draws(req({ ...base, temperature: 1, top_p: 1 }), counter(), 20))).toBeGreaterThan(10);
  });

  it('caps the answer at max_tokens with finish_reason length, and the capped answer is a prefix of the full one', () => {
    const full = respond(req({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Describe the old bridge over the river at length.' }] }), opts);
    expect(full.completionTokens).toBeGreaterThan(5);
    const a = respond(req({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Describe the old bridge over the river at length.' }], max_tokens: 5 }), opts);
    expect(a.completionTokens).toBe(5);
    expect(a.finishReason).toBe('length');
    expect(full.content?.startsWith(a.content ?? '?')).toBe(true);
  });

  it('distortions change what is served under the same model name', () => {
    const r = req({ model: 'gpt-4o' });
    const reference = respond(r, opts).content;
    const served = (distortion: Partial<Distortion>): SimAnswer => respond(r, { ...opts, distortion: DistortionSchema.parse(distortion) });
    expect(served({}).content).toBe(reference);
    expect(served({ otherModel: 1 }).content).not.toBe(reference);
    expect(served({ logitNoise: 1 }).content).not.toBe(reference);
    const injected = served({ systemPrompt: 'You are a helpful assistant. Answer briefly.' });
    expect(injected.content).not.toBe(reference);
    expect(injected.promptTokens).toBeGreaterThan(respond(r, opts).promptTokens);
    // Temperature ignored: a temperature-0 request is sampled at the default temperature 1.
    expect(distinct(draws(r, { ...counter(), distortion: DistortionSchema.parse({ temperatureIgnored: true }) }, 5))).toBeGreaterThan(1);
    // max_tokens ignored: the answer runs past the cap.
    const capped = req({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Describe the old bridge over the river at length.' }], max_tokens: 5 });
    const uncapped = respond(capped, { ...opts, distortion: DistortionSchema.parse({ maxTokensIgnored: true }) });
    expect(uncapped.completionTokens).toBeGreaterThan(5);
    expect(uncapped.finishReason).toBe('stop');
    // A rescaled temperature leaves temperature 0 alone.
    expect(served({ temperatureScale: 0.5, temperatureMax: 0.9, topPIgnored: true }).content).toBe(reference);
  });

  it('answers json_object with a JSON object and json_schema with its properties', () => {
    const obj = respond(req({ model: 'gpt-4o', response_format: { type: 'json_object' } }), opts);
    expect(typeof JSON.parse(obj.content ?? '')).toBe('object');
    const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } };
    const js = respond(req({ model: 'gpt-4o', response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }), opts);
    const parsed = JSON.parse(js.content ?? '') as Record<string, unknown>;
    expect(typeof parsed.city).toBe('string');
    expect(Number.isInteger(parsed.population)).toBe(true);
    expect(Array.isArray(parsed.tags)).toBe(true);
  });

  it('calls the first tool with JSON arguments when tools are given', () => {
    const tools = [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
      { type: 'function', function: { name: 'other' } },
    ];
    const a = respond(req({ model: 'gpt-4o', tools }), opts);
    expect(a.finishReason).toBe('tool_calls');
    expect(a.content).toBeNull();
    expect(a.toolCall?.name).toBe('get_weather');
    expect(typeof (JSON.parse(a.toolCall?.arguments ?? '') as { city: unknown }).city).toBe('string');
  });

  it('drift changes a stable fraction of prompts, clearly', () => {
    const prompts = Array.from({ length: 200 }, (_, i) => req({ model: 'gpt-4o', messages: [{ role: 'user', content: `question number ${i}` }] }));
    const drifted = prompts.filter((p) => isDrifted(p, 0.3));
    expect(drifted.length).toBeGreaterThan(30);
    expect(drifted.length).toBeLessThan(90);
    const p = drifted[0];
    if (p === undefined) throw new Error('no drifted prompt');
    const before = respond(p, opts).content ?? '';
    const after = respond(p, { ...opts, changeOutputs: 0.3 }).content ?? '';
    expect(after).not.toBe(before);
    const same = prompts.find((q) => !isDrifted(q, 0.3));
    if (same === undefined) throw new Error('no undrifted prompt');
    expect(respond(same, { ...opts, changeOutputs: 0.3 }).content).toBe(respond(same, opts).content);
  });
});

describe('streamPieces', () => {
  it('splits into a few words per piece whose concatenation is the text', () => {
    const text = 'One two three, four five. Six seven eight nine ten.';
    const pieces = streamPieces(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBe(4);
  });
});
