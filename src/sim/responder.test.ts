import { describe, expect, it } from 'vitest';
import { validateChat, type ChatRequest } from './request.ts';
import { isDrifted, respond, streamPieces } from './responder.ts';
import { countTokens } from './text.ts';

function req(body: Record<string, unknown>): ChatRequest {
  const v = validateChat({ messages: [{ role: 'user', content: 'Tell me about rivers and bridges.' }], ...body }, { narrow: false, dropTools: false });
  if (!v.ok) throw new Error('invalid test request');
  return v.request;
}
const opts = { changeOutputs: 0, variationSeed: 1 };

describe('respond', () => {
  it('gives the same text for gpt-4o and openai/gpt-4o, and a different one for another model', () => {
    const a = respond(req({ model: 'gpt-4o' }), opts);
    expect(respond(req({ model: 'openai/gpt-4o' }), { ...opts, variationSeed: 99 }).content).toBe(a.content);
    expect(respond(req({ model: 'anthropic/claude-3-5-haiku' }), opts).content).not.toBe(a.content);
    expect(a.finishReason).toBe('stop');
    expect(a.completionTokens).toBe(countTokens(a.content ?? ''));
    expect(a.promptTokens).toBeGreaterThan(0);
  });

  it('varies a few words between calls when sampling (temperature > 0, no seed), not with a seed', () => {
    const r = req({ model: 'gpt-4o', temperature: 0.8 });
    const one = respond(r, { ...opts, variationSeed: 1 }).content ?? '';
    const two = respond(r, { ...opts, variationSeed: 2 }).content ?? '';
    expect(one).not.toBe(two);
    const wordsOne = one.split(' ');
    const wordsTwo = two.split(' ');
    expect(wordsOne.length).toBe(wordsTwo.length);
    const differing = wordsOne.filter((w, i) => w !== wordsTwo[i]).length;
    expect(differing).toBeGreaterThan(0);
    // Each call changes at most four words, so two calls differ in at most eight.
    expect(differing).toBeLessThanOrEqual(8);
    const seeded = req({ model: 'gpt-4o', temperature: 0.8, seed: 3 });
    expect(respond(seeded, { ...opts, variationSeed: 1 }).content).toBe(respond(seeded, { ...opts, variationSeed: 2 }).content);
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

  it('caps the answer at max_tokens with finish_reason length', () => {
    const a = respond(req({ model: 'gpt-4o', max_tokens: 5 }), opts);
    expect(a.completionTokens).toBe(5);
    expect(a.finishReason).toBe('length');
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
