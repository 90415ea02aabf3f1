/**
 * String kernels for the output-distribution test (distribution-mmd.ts). Each turns a list of
 * completions into a Gram matrix K (row-major, n × n) of one prompt; completions of different
 * prompts never meet (the kernel is zero across prompts, as in Gao, Liang & Guestrin 2025).
 *
 * - `hamming`: the paper's kernel, the number of the first L character positions (Unicode code
 *   points, shorter completions padded with a pad symbol that matches itself) where two
 *   completions agree, divided by L. The baseline to beat.
 * - `chars`: cosine similarity of character 5-gram counts (a normalised spectrum kernel):
 *   insensitive to where in the answer a phrase appears (Hamming loses track after the first
 *   inserted word), sensitive to which phrases and how varied.
 * - `length`: a Gaussian kernel on log(1 + UTF-16 code units): sees truncation and dropped max_tokens.
 * All three are positive semi-definite (explicit feature maps), so MMD² ≥ 0 in population.
 */

export type KernelName = 'hamming' | 'chars' | 'length';

/** The kernels of cutover's test (the calibration's choice, docs/DISTRIBUTION.md). */
export const TEST_KERNELS: readonly KernelName[] = ['chars', 'length'];
/** The paper's test: the baseline the calibration compares against. */
export const BASELINE_KERNELS: readonly KernelName[] = ['hamming'];

/** Character n-gram length of the `chars` kernel. */
const CHAR_NGRAM = 5;

/** Characters the Hamming kernel compares (the paper's L). */
export const DEFAULT_HAMMING_L = 1000;
/** Bandwidth of the length kernel, in log(1 + characters): 0.35 ≈ a 40 % length difference. */
const LENGTH_BANDWIDTH = 0.35;
const PAD = -1;

export interface KernelOptions {
  hammingL?: number;
}

/** Symmetric n × n Gram matrix of one prompt's completions, row-major. */
export function gram(kernel: KernelName, texts: readonly string[], opts: KernelOptions = {}): Float64Array {
  switch (kernel) {
    case 'hamming':
      return hammingGram(texts, opts.hammingL ?? DEFAULT_HAMMING_L);
    case 'chars':
      return charsGram(texts);
    case 'length':
      return lengthGram(texts);
  }
}

function fill(n: number, k: (i: number, j: number) => number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = k(i, j);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}

/** Code points of the first L characters, padded with PAD. */
export function codePoints(text: string, L: number): Int32Array {
  const out = new Int32Array(L).fill(PAD);
  let i = 0;
  for (const ch of text) {
    if (i >= L) break;
    out[i++] = ch.codePointAt(0) as number;
  }
  return out;
}

export function hammingGram(texts: readonly string[], L: number): Float64Array {
  const points = texts.map((t) => codePoints(t, L));
  return fill(texts.length, (i, j) => {
    const a = points[i] as Int32Array;
    const b = points[j] as Int32Array;
    let same = 0;
    for (let k = 0; k < L; k++) if (a[k] === b[k]) same++;
    return same / L;
  });
}

/**
 * Each text's character n-grams (lower-cased, UTF-16 code units) as a sparse vector of counts:
 * each n-gram hashed to 32 bits (FNV-style, no strings built) and the distinct hashes of all the
 * texts numbered as they are met (a small open-addressing table), so a dot product is one pass over
 * one text's features against the other's scattered into a dense array. A hash collision merely
 * merges two features (rare, and the same for both arms, so the test keeps its level). Counts are
 * small integers, so dot products and norms are exact whatever the order of their terms.
 */
interface CharVectors {
  /** Text t's features are [start[t], start[t + 1]): a feature number and its count. */
  start: Int32Array;
  feature: Int32Array;
  count: Float64Array;
  norm: Float64Array;
  /** Distinct features over all the texts. */
  features: number;
}

function charVectors(texts: readonly string[], n: number): CharVectors {
  const lowered = texts.map((t) => t.toLowerCase());
  let total = 0;
  for (const lower of lowered) total += Math.max(lower.length - n + 1, lower.length > 0 ? 1 : 0);
  const start = new Int32Array(texts.length + 1);
  const feature = new Int32Array(total);
  const count = new Float64Array(total);
  const norm = new Float64Array(texts.length);
  // Open addressing over the distinct hashes: keys[slot], and the slot's feature number + 1 (0: empty).
  let bits = 4;
  while (1 << bits < 2 * total) bits++;
  const mask = (1 << bits) - 1;
  const keys = new Int32Array(1 << bits);
  const numbers = new Int32Array(1 << bits);
  // Per feature: the last text it was met in (+ 1) and where that text counts it.
  const metIn = new Int32Array(total);
  const entry = new Int32Array(total);
  let features = 0;
  let at = 0;
  for (let t = 0; t < lowered.length; t++) {
    const lower = lowered[t] as string;
    const grams = Math.max(lower.length - n + 1, lower.length > 0 ? 1 : 0);
    start[t] = at;
    for (let i = 0; i < grams; i++) {
      let h = 0x811c9dc5;
      const end = Math.min(i + n, lower.length);
      for (let c = i; c < end; c++) h = Math.imul(h ^ lower.charCodeAt(c), 0x01000193);
      let slot = Math.imul(h, 0x9e3779b1) >>> (32 - bits);
      while (numbers[slot] !== 0 && keys[slot] !== h) slot = (slot + 1) & mask;
      if (numbers[slot] === 0) {
        keys[slot] = h;
        numbers[slot] = ++features;
      }
      const f = (numbers[slot] as number) - 1;
      if (metIn[f] === t + 1) count[entry[f] as number] = (count[entry[f] as number] as number) + 1;
      else {
        metIn[f] = t + 1;
        entry[f] = at;
        feature[at] = f;
        count[at] = 1;
        at++;
      }
    }
    let sq = 0;
    for (let e = start[t] as number; e < at; e++) sq += (count[e] as number) * (count[e] as number);
    norm[t] = Math.sqrt(sq);
  }
  start[texts.length] = at;
  return { start, feature, count, norm, features };
}

export function charsGram(texts: readonly string[]): Float64Array {
  const v = charVectors(texts, CHAR_NGRAM);
  const size = texts.length;
  const out = new Float64Array(size * size);
  const dense = new Float64Array(v.features);
  for (let i = 0; i < size; i++) {
    const a0 = v.start[i] as number;
    const a1 = v.start[i + 1] as number;
    for (let t = a0; t < a1; t++) dense[v.feature[t] as number] = v.count[t] as number;
    const na = v.norm[i] as number;
    for (let j = i; j < size; j++) {
      const nb = v.norm[j] as number;
      let value: number;
      // Two empty answers are the same answer; an empty and a non-empty one share nothing.
      if (na === 0 || nb === 0) value = na === nb ? 1 : 0;
      else {
        let s = 0;
        const b1 = v.start[j + 1] as number;
        for (let t = v.start[j] as number; t < b1; t++) s += (dense[v.feature[t] as number] as number) * (v.count[t] as number);
        value = s / (na * nb);
      }
      out[i * size + j] = value;
      out[j * size + i] = value;
    }
    for (let t = a0; t < a1; t++) dense[v.feature[t] as number] = 0;
  }
  return out;
}

export function lengthGram(texts: readonly string[]): Float64Array {
  const lengths = texts.map((t) => Math.log1p(t.length));
  return fill(texts.length, (i, j) => {
    const d = (lengths[i] as number) - (lengths[j] as number);
    return Math.exp(-(d * d) / (2 * LENGTH_BANDWIDTH * LENGTH_BANDWIDTH));
  });
}
