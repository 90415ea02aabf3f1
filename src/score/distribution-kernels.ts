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
 * Each text's character n-grams (lower-cased, UTF-16 code units) as a sparse vector: each n-gram
 * hashed to 32 bits (FNV-style, no strings built), sorted and run-length counted, so a dot product
 * is one merge of two sorted arrays. A hash collision merely merges two features (rare, and the
 * same for both arms, so the test keeps its level).
 */
function charVectors(texts: readonly string[], n: number): Array<{ ids: Int32Array; counts: Float64Array; norm: number }> {
  return texts.map((text) => {
    const lower = text.toLowerCase();
    const grams = Math.max(lower.length - n + 1, lower.length > 0 ? 1 : 0);
    const hashes = new Int32Array(grams);
    for (let i = 0; i < grams; i++) {
      let h = 0x811c9dc5;
      for (let c = i; c < Math.min(i + n, lower.length); c++) h = Math.imul(h ^ lower.charCodeAt(c), 0x01000193);
      hashes[i] = h;
    }
    hashes.sort();
    const ids: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < hashes.length; i++) {
      if (i > 0 && hashes[i] === hashes[i - 1]) counts[counts.length - 1] = (counts[counts.length - 1] as number) + 1;
      else {
        ids.push(hashes[i] as number);
        counts.push(1);
      }
    }
    let sq = 0;
    for (const v of counts) sq += v * v;
    return { ids: Int32Array.from(ids), counts: Float64Array.from(counts), norm: Math.sqrt(sq) };
  });
}

function sparseDot(a: { ids: Int32Array; counts: Float64Array }, b: { ids: Int32Array; counts: Float64Array }): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) s += (a.counts[i++] as number) * (b.counts[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return s;
}

export function charsGram(texts: readonly string[]): Float64Array {
  const vectors = charVectors(texts, CHAR_NGRAM);
  return fill(texts.length, (i, j) => {
    const a = vectors[i] as (typeof vectors)[number];
    const b = vectors[j] as (typeof vectors)[number];
    // Two empty answers are the same answer; an empty and a non-empty one share nothing.
    if (a.norm === 0 || b.norm === 0) return a.norm === b.norm ? 1 : 0;
    return sparseDot(a, b) / (a.norm * b.norm);
  });
}

export function lengthGram(texts: readonly string[]): Float64Array {
  const lengths = texts.map((t) => Math.log1p(t.length));
  return fill(texts.length, (i, j) => {
    const d = (lengths[i] as number) - (lengths[j] as number);
    return Math.exp(-(d * d) / (2 * LENGTH_BANDWIDTH * LENGTH_BANDWIDTH));
  });
}
