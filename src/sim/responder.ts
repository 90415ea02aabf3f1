/**
 * Answers of the simulated gateways. Text answers come from a small language model (ngram.ts):
 * temperature 0 (or none) gives one answer fixed by the canonical model, messages, seed,
 * response_format and tools, the same on every profile, so an unchanged candidate scores 1.0;
 * temperature > 0 samples, so repeats vary like a real model's; a seed makes the sample repeat.
 * JSON and tool-call answers stay hash-chosen (deterministic). A distortion (distortion.ts)
 * changes what is served under the same model name.
 */
import type { Distortion } from '../config/schema.ts';
import { canonicalModelId } from '../gateway/alias.ts';
import { serve } from './distortion.ts';
import { sampleAnswer, sentenceCase } from './ngram.ts';
import { messageText, type ChatRequest } from './request.ts';
import { hash32, mixSeeds, rngFrom } from './rng.ts';
import { countTokens, jsonObjectAnswer, renderTokens, valueForSchema } from './text.ts';

export interface SimToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface SimAnswer {
  content: string | null;
  toolCall: SimToolCall | null;
  finishReason: 'stop' | 'length' | 'tool_calls';
  promptTokens: number;
  completionTokens: number;
}

export interface RespondOptions {
  /** drift.changeOutputs: fraction of distinct prompts (by message hash) answered differently. */
  changeOutputs: number;
  /**
   * Seed of a sampled answer (temperature > 0, no seed): a new one per call. Given the request's
   * key, so a server can number repeats of the same request (reproducible whatever the arrival order).
   */
  variation: (key: string) => number;
  distortion?: Distortion | undefined;
}

/**
 * Temperature 0 is answered by a draw at this temperature from a generator seeded by the request:
 * one fixed, fluent answer (pure greedy decoding of a small n-gram model loops).
 */
export const FIXED_ANSWER_TEMPERATURE = 0.7;

/** Prompt tokens: words and punctuation of every message plus 3 per message of framing. */
export function promptTokens(request: ChatRequest): number {
  return request.messages.reduce((n, m) => n + 3 + countTokens(messageText(m)), 0);
}

function messagesKey(request: ChatRequest): string {
  return JSON.stringify(request.messages.map((m) => [m.role, messageText(m)]));
}

/** True when drift should change this prompt's answer (stable per distinct messages). */
export function isDrifted(request: ChatRequest, changeOutputs: number): boolean {
  if (changeOutputs <= 0) return false;
  return hash32(`${messagesKey(request)}#drift`) / 4294967296 < changeOutputs;
}

export function respond(original: ChatRequest, opts: RespondOptions): SimAnswer {
  const served = serve(original, opts.distortion);
  const request = served.request;
  const prompt = promptTokens(request);
  const model = canonicalModelId(request.model);
  const key = JSON.stringify([
    model,
    messagesKey(request),
    request.temperature ?? null,
    request.seed ?? null,
    request.responseFormat ?? null,
    request.tools.map((t) => [t.name, t.parameters ?? null]),
  ]);
  const drifted = isDrifted(request, opts.changeOutputs);
  const rng = rngFrom(mixSeeds(key, drifted ? 'drifted' : 'base'));

  const firstTool = request.tools[0];
  if (firstTool !== undefined) {
    const args = JSON.stringify(valueForSchema(rng, firstTool.parameters ?? { type: 'object', properties: { query: { type: 'string' } } }));
    const toolCall = { id: `call_${hash32(key).toString(36)}`, name: firstTool.name, arguments: args };
    return { content: null, toolCall, finishReason: 'tool_calls', promptTokens: prompt, completionTokens: countTokens(firstTool.name) + countTokens(args) };
  }

  const format = request.responseFormat;
  if (format !== undefined && format.type !== 'text') {
    const value = format.type === 'json_schema' && format.schema !== undefined ? valueForSchema(rng, format.schema) : jsonObjectAnswer(rng);
    return capped(JSON.stringify(value), prompt, request.maxTokens);
  }

  // Only an explicit temperature > 0 samples: an omitted one stays fixed so suites that do not
  // set it still compare at 1.0. A seed fixes the draw (as far as real providers honour it).
  const temperature = request.temperature ?? 0;
  const sampled = temperature > 0 && request.seed === undefined;
  const generated = sampleAnswer({
    variant: { modelId: model, otherModel: drifted ? 1 : served.otherModel, logitNoise: served.logitNoise },
    temperature: temperature > 0 ? temperature : FIXED_ANSWER_TEMPERATURE,
    topP: temperature > 0 ? (request.topP ?? 1) : 1,
    maxTokens: request.maxTokens !== undefined && request.maxTokens >= 0 ? request.maxTokens : undefined,
    promptText: request.messages.map(messageText).join('\n'),
    rng: sampled ? rngFrom(opts.variation(key)) : rng,
  });
  const text = renderTokens(sentenceCase(generated.tokens));
  return { content: text, toolCall: null, finishReason: generated.finishReason, promptTokens: prompt, completionTokens: countTokens(text) };
}

/** A JSON answer cut at max_tokens (invalid JSON then, as real models produce). */
function capped(text: string, prompt: number, maxTokens: number | undefined): SimAnswer {
  const tokens = countTokens(text);
  if (maxTokens === undefined || tokens <= maxTokens) {
    return { content: text, toolCall: null, finishReason: 'stop', promptTokens: prompt, completionTokens: tokens };
  }
  let cut = Math.floor((text.length * maxTokens) / tokens);
  while (cut > 0 && countTokens(text.slice(0, cut)) > maxTokens) cut--;
  const content = text.slice(0, cut);
  return { content, toolCall: null, finishReason: 'length', promptTokens: prompt, completionTokens: countTokens(content) };
}

/** Splits text into stream pieces of a few words; their concatenation is exactly `text`. */
export function streamPieces(text: string, wordsPerPiece = 3): string[] {
  const words = text.match(/\s*\S+/g) ?? [];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerPiece) pieces.push(words.slice(i, i + wordsPerPiece).join(''));
  const tail = text.slice(pieces.join('').length);
  if (tail !== '') pieces.push(tail);
  return pieces;
}
