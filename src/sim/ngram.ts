/**
 * The simulator's language model: an interpolated word trigram/bigram model trained at start-up
 * on the text in corpus.ts, sampled token by token with temperature and top_p, so that repeated
 * calls vary the way a real model's do (same opening more often than not, then diverging), and a
 * gateway that changes the distribution (another model, dropped parameters, noisy weights, an
 * injected system prompt) changes what a two-sample test sees.
 *
 * A *variant* is one set of weights: the training mix (reference, or partly another text mix),
 * the model id (each id gets its own fixed perturbation, so gpt-4o and claude differ) and
 * quantization-like noise. Compiled variants are memoised: they are pure functions of their key.
 */
import { CORPUS, REGISTERS, type Register } from './corpus.ts';
import { hash32, mixSeeds, type Rng } from './rng.ts';

const BOS = 0;
const EOS = 1;
/** Weight of the trigram estimate against the bigram one (Jelinek–Mercer interpolation). */
const LAMBDA = 0.6;
/** Logit bonus of words that appear in the prompt: answers talk about what was asked. */
const PROMPT_BONUS = 2;
/**
 * Fixed perturbation (nats) of every step's log-probabilities, seeded by the prompt: how the
 * prompt steers the answer beyond its own words, so that each prompt has its own distribution.
 */
const PROMPT_STEER = 1;
/** Fixed log-probability perturbation that makes each model id its own model. */
const MODEL_ID_NOISE = 0.25;
/**
 * Sharpness: log-probabilities are multiplied by this before temperature. A small n-gram model's
 * next-word distribution is flat; a large model's is peaked (the top token usually dominates), so
 * its samples share openings and phrases and temperature visibly changes them. 2 mimics that.
 */
const SHARPNESS = 2;
/**
 * How long an answer runs. The corpus's lines are one to three sentences; a model's answers to one
 * prompt have a typical length (longer questions, longer answers) that varies a little between
 * samples, so the answer ends at the first sentence end past a target drawn around the prompt's
 * typical length (± LENGTH_JITTER), not where a line of the corpus ended.
 */
const LENGTH_JITTER = 0.08;
/** Past the target, the full stop's logit grows by this much per token, so the sentence ends soon. */
const END_PUSH = 2;
/** Longest answer when max_tokens does not stop it earlier. */
export const NATURAL_MAX_TOKENS = 400;

const REFERENCE_MIX: Readonly<Record<Register, number>> = { support: 1, engineering: 1, general: 1, other: 0 };
/** The training mix of "another model": less of our registers, much of the `other` one. */
const OTHER_MIX: Readonly<Record<Register, number>> = { support: 0.6, engineering: 0.6, general: 1, other: 3 };

const STOPWORDS = new Set(
  'this that with from have will your what when then than they them their there these those which about into over only also just more most some such very each other after before could would should does'.split(' '),
);

export interface Variant {
  /** Canonical model id (openai/gpt-4o): each id is a slightly different model. */
  modelId: string;
  /** Share of the training mix taken from another text mix, 0 (reference) to 1. */
  otherModel: number;
  /** Standard deviation (nats) of fixed noise on every next-token log-probability. */
  logitNoise: number;
}

export interface SampleParams {
  variant: Variant;
  /** > 0; the caller maps temperature 0 to a seeded draw at its own temperature. */
  temperature: number;
  topP: number;
  /** Tokens the answer may have; stops with finish `length` when reached. */
  maxTokens: number | undefined;
  /** Prompt text (all messages): its content words are more likely in the answer. */
  promptText: string;
  rng: Rng;
}

export interface Generated {
  tokens: string[];
  finishReason: 'stop' | 'length';
}

interface Counts {
  /** prev → next → count */
  bigram: Map<number, Map<number, number>>;
  /** (pp, prev) → next → count */
  trigram: Map<number, Map<number, number>>;
}

interface Compiled {
  /** Successor ids of each previous token (the candidates of a step). */
  successors: Map<number, Int32Array>;
  /** (pp, prev) → log-probability (+ the variant's fixed noise) of each successor of prev. */
  logits: Map<number, Float64Array>;
}

interface Trained {
  vocab: string[];
  ids: Map<string, number>;
  perRegister: Record<Register, Counts>;
}

/** Words, numbers and the punctuation marks the simulator counts as tokens. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+|[.,?!:]/g) ?? [];
}

let trained: Trained | null = null;
const compiledCache = new Map<string, Compiled>();

function train(): Trained {
  if (trained !== null) return trained;
  const vocab = ['<s>', '</s>'];
  const ids = new Map<string, number>([
    ['<s>', BOS],
    ['</s>', EOS],
  ]);
  const idOf = (w: string): number => {
    let id = ids.get(w);
    if (id === undefined) {
      id = vocab.length;
      vocab.push(w);
      ids.set(w, id);
    }
    return id;
  };
  const perRegister = {} as Record<Register, Counts>;
  for (const register of REGISTERS) {
    const counts: Counts = { bigram: new Map(), trigram: new Map() };
    for (const line of CORPUS[register].split('\n')) {
      const words = wordTokens(line);
      if (words.length === 0) continue;
      const seq = [BOS, BOS, ...words.map(idOf), EOS];
      for (let i = 2; i < seq.length; i++) {
        bump(counts.bigram, seq[i - 1] as number, seq[i] as number);
        bump(counts.trigram, pairKey(seq[i - 2] as number, seq[i - 1] as number), seq[i] as number);
      }
    }
    perRegister[register] = counts;
  }
  trained = { vocab, ids, perRegister };
  return trained;
}

function bump(map: Map<number, Map<number, number>>, key: number, next: number): void {
  let inner = map.get(key);
  if (inner === undefined) map.set(key, (inner = new Map()));
  inner.set(next, (inner.get(next) ?? 0) + 1);
}

/** Vocabulary ids stay well under 2^20, so a pair packs into one safe integer. */
function pairKey(pp: number, prev: number): number {
  return pp * 1_048_576 + prev;
}

function mixOf(otherModel: number): Record<Register, number> {
  const out = {} as Record<Register, number>;
  for (const r of REGISTERS) out[r] = (1 - otherModel) * REFERENCE_MIX[r] + otherModel * OTHER_MIX[r];
  return out;
}

function merged(maps: ReadonlyArray<[Map<number, Map<number, number>>, number]>, key: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const [map, weight] of maps) {
    if (weight <= 0) continue;
    const inner = map.get(key);
    if (inner === undefined) continue;
    for (const [next, c] of inner) out.set(next, (out.get(next) ?? 0) + weight * c);
  }
  return out;
}

function fmix(h: number, k: number): number {
  h = Math.imul(h ^ k, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * An approximately standard normal draw fixed by its inputs: the four bytes of a murmur3-style
 * hash summed (Irwin–Hall, n = 4) and scaled to unit variance. Cheap enough for every step.
 */
function fixedNormal(seed: number, a: number, b: number, c: number): number {
  const h = fmix(fmix(fmix(seed, a), b), c);
  const sum = (h & 255) + ((h >>> 8) & 255) + ((h >>> 16) & 255) + ((h >>> 24) & 255);
  return (sum / 255 - 2) * 1.7320508075688772;
}

function compile(variant: Variant): Compiled {
  const key = `${variant.modelId}|${variant.otherModel}|${variant.logitNoise}`;
  const cached = compiledCache.get(key);
  if (cached !== undefined) return cached;
  const t = train();
  const mix = mixOf(variant.otherModel);
  const bigrams = REGISTERS.map((r): [Map<number, Map<number, number>>, number] => [t.perRegister[r].bigram, mix[r]]);
  const trigrams = REGISTERS.map((r): [Map<number, Map<number, number>>, number] => [t.perRegister[r].trigram, mix[r]]);
  const idSeed = hash32(variant.modelId);
  const noiseSeed = mixSeeds('quantization', variant.modelId);
  const successors = new Map<number, Int32Array>();
  const bigramP = new Map<number, Float64Array>();
  const prevs = new Set<number>();
  for (const [map, w] of bigrams) if (w > 0) for (const k of map.keys()) prevs.add(k);
  for (const prev of prevs) {
    const m = merged(bigrams, prev);
    const ids = Int32Array.from([...m.keys()].sort((a, b) => a - b));
    let total = 0;
    for (const c of m.values()) total += c;
    successors.set(prev, ids);
    bigramP.set(prev, Float64Array.from(ids, (id) => (m.get(id) ?? 0) / total));
  }
  const logits = new Map<number, Float64Array>();
  const contexts = new Set<number>();
  for (const [map, w] of trigrams) if (w > 0) for (const k of map.keys()) contexts.add(k);
  for (const ctx of contexts) {
    const prev = ctx % 1_048_576;
    const pp = Math.floor(ctx / 1_048_576);
    const ids = successors.get(prev);
    const p2 = bigramP.get(prev);
    if (ids === undefined || p2 === undefined) continue;
    const m = merged(trigrams, ctx);
    let total = 0;
    for (const c of m.values()) total += c;
    const out = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      const p3 = total > 0 ? (m.get(id) ?? 0) / total : 0;
      const p = total > 0 ? LAMBDA * p3 + (1 - LAMBDA) * (p2[i] as number) : (p2[i] as number);
      let logit = SHARPNESS * Math.log(p) + MODEL_ID_NOISE * fixedNormal(idSeed, pp, prev, id);
      if (variant.logitNoise > 0) logit += variant.logitNoise * fixedNormal(noiseSeed, pp, prev, id);
      out[i] = logit;
    }
    logits.set(ctx, out);
  }
  const compiled = { successors, logits };
  compiledCache.set(key, compiled);
  return compiled;
}

/** Ids of the prompt's content words (≥ 4 letters, not a stop word) that the model knows. */
function promptWords(text: string, ids: Map<string, number>): Set<number> {
  const out = new Set<number>();
  for (const w of wordTokens(text)) {
    if (w.length < 4 || STOPWORDS.has(w)) continue;
    const id = ids.get(w);
    if (id !== undefined) out.add(id);
  }
  return out;
}

/** Draws one answer, token by token, until the end token, max_tokens or NATURAL_MAX_TOKENS. */
export function sampleAnswer(p: SampleParams): Generated {
  const t = train();
  const model = compile(p.variant);
  const boosted = promptWords(p.promptText, t.ids);
  const steer = hash32(p.promptText);
  const stop = t.ids.get('.') ?? EOS;
  const promptLength = wordTokens(p.promptText).length;
  const typical = 30 + Math.min(100, Math.floor(promptLength / 2)) + (steer % 30);
  const target = Math.max(4, Math.round(typical * (1 + LENGTH_JITTER * standardNormal(p.rng))));
  const limit = Math.min(p.maxTokens ?? NATURAL_MAX_TOKENS, NATURAL_MAX_TOKENS);
  const tokens: string[] = [];
  let pp = BOS;
  let prev = BOS;
  const weights: number[] = [];
  while (tokens.length < limit) {
    const ids = model.successors.get(prev);
    const logits = model.logits.get(pairKey(pp, prev));
    if (ids === undefined || logits === undefined) break;
    const push = tokens.length >= target ? END_PUSH * (tokens.length - target + 1) : 0;
    const next = draw({ ids, logits, boosted, steer, pp, prev, stop, push }, p, weights);
    if (next === EOS) {
      if (tokens.length >= target) return { tokens, finishReason: 'stop' };
      // A line of the corpus ended (after "?" or "!") before the answer's length: start a new sentence.
      pp = BOS;
      prev = BOS;
      continue;
    }
    const word = t.vocab[next] as string;
    tokens.push(word);
    if ((word === '.' || word === '?' || word === '!') && tokens.length >= target) return { tokens, finishReason: 'stop' };
    pp = prev;
    prev = next;
  }
  // A natural end at the cap is still a stop; only max_tokens makes it `length`.
  const cut = p.maxTokens !== undefined && tokens.length >= p.maxTokens;
  return { tokens, finishReason: cut ? 'length' : 'stop' };
}

function standardNormal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

interface Step {
  ids: Int32Array;
  logits: Float64Array;
  boosted: Set<number>;
  steer: number;
  pp: number;
  prev: number;
  /** Id of the full stop, and the bonus it gets this step. */
  stop: number;
  push: number;
}

function draw({ ids, logits, boosted, steer, pp, prev, stop, push }: Step, p: SampleParams, weights: number[]): number {
  const n = ids.length;
  weights.length = n;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const id = ids[i] as number;
    if (id === EOS && n > 1) {
      weights[i] = Number.NEGATIVE_INFINITY;
      continue;
    }
    const logit = (logits[i] as number) + (boosted.has(id) ? PROMPT_BONUS : 0) + (n > 1 ? PROMPT_STEER * fixedNormal(steer, pp, prev, id) : 0) + (id === stop ? push : 0);
    const z = logit / p.temperature;
    weights[i] = z;
    if (z > max) max = z;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.exp((weights[i] as number) - max);
    weights[i] = w;
    total += w;
  }
  let floor = 0;
  if (p.topP < 1) {
    // Nucleus: the most likely tokens whose mass reaches top_p (ties at the edge kept); the rest are never drawn.
    const sorted = Float64Array.from(weights).sort();
    let mass = 0;
    for (let k = n - 1; k >= 0 && mass < p.topP * total; k--) {
      floor = sorted[k] as number;
      mass += floor;
    }
    total = 0;
    for (let i = 0; i < n; i++) if ((weights[i] as number) >= floor) total += weights[i] as number;
  }
  let u = p.rng() * total;
  let last = ids[n - 1] as number;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (w < floor) continue;
    last = ids[i] as number;
    u -= w;
    if (u < 0) return last;
  }
  return last;
}

/** Sentence case: capitals after a full stop, question or exclamation mark, and for "i". */
export function sentenceCase(tokens: readonly string[]): string[] {
  let start = true;
  return tokens.map((t) => {
    const out = start || t === 'i' ? t.charAt(0).toUpperCase() + t.slice(1) : t;
    start = t === '.' || t === '?' || t === '!';
    return out;
  });
}
