/**
 * Deterministic answers: the same canonical model, messages, temperature, seed, response_format
 * and tools give the same answer on every profile, so an unchanged candidate scores 1.0.
 */
import { canonicalModelId } from '../gateway/alias.ts';
import { messageText, type ChatRequest } from './request.ts';
import { hash32, mixSeeds, rngFrom, type Rng } from './rng.ts';
import { countTokens, jsonObjectAnswer, renderTokens, sentenceTokens, valueForSchema, word } from './text.ts';

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
  /** Seeds the small variation of sampled (temperature > 0, no seed) answers; differs per call. */
  variationSeed: number;
}

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

export function respond(request: ChatRequest, opts: RespondOptions): SimAnswer {
  const prompt = promptTokens(request);
  const key = JSON.stringify([
    canonicalModelId(request.model),
    messagesKey(request),
    request.temperature ?? null,
    request.seed ?? null,
    request.responseFormat ?? null,
    request.tools.map((t) => [t.name, t.parameters ?? null]),
  ]);
  const drifted = isDrifted(request, opts.changeOutputs);
  const rng = rngFrom(mixSeeds(key, drifted ? 'drifted' : 'base'));
  // Only an explicit temperature > 0 samples: an omitted one stays deterministic so suites that
  // do not set it still compare at 1.0.
  const sampled = (request.temperature ?? 0) > 0 && request.seed === undefined;

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

  // Length follows the prompt (longer questions, longer answers), bounded to keep runs quick.
  const target = 12 + Math.min(120, Math.floor(prompt * 0.6)) + Math.floor(rng() * 12);
  const tokens = sentenceTokens(rng, target);
  if (sampled) vary(tokens, rngFrom(opts.variationSeed));
  const limit = request.maxTokens;
  if (limit !== undefined && limit >= 0 && tokens.length > limit) {
    const text = renderTokens(tokens.slice(0, limit));
    return { content: text, toolCall: null, finishReason: 'length', promptTokens: prompt, completionTokens: countTokens(text) };
  }
  const text = renderTokens(tokens);
  return { content: text, toolCall: null, finishReason: 'stop', promptTokens: prompt, completionTokens: countTokens(text) };
}

/** Replaces a few words so repeated sampled calls differ a little (the harness's noise floor). */
function vary(tokens: string[], rng: Rng): void {
  const changes = 2 + Math.floor(rng() * 3);
  for (let i = 0; i < changes; i++) {
    const at = Math.floor(rng() * tokens.length);
    const old = tokens[at];
    if (old === undefined || !/^[a-z]/.test(old)) continue;
    tokens[at] = word(rng);
  }
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
