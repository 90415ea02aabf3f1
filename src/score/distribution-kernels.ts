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
 * - `length`: a Gaussian kernel on log(1 + characters): sees truncation and dropped max_tokens.
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

/** Counts of the text's character n-grams (lower-cased). */
function charNgrams(text: string, n: number): Map<string, number> {
  const chars = [...text.toLowerCase()];
  const out = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const f = chars.slice(i, i + n).join('');
    out.set(f, (out.get(f) ?? 0) + 1);
  }
  // A text shorter than n is its own single feature.
  if (chars.length > 0 && chars.length < n) out.set(chars.join(''), 1);
  return out;
}

function dot(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [f, c] of small) s += c * (large.get(f) ?? 0);
  return s;
}

export function charsGram(texts: readonly string[]): Float64Array {
  const features = texts.map((t) => charNgrams(t, CHAR_NGRAM));
  const norms = features.map((f) => Math.sqrt(dot(f, f)));
  return fill(texts.length, (i, j) => {
    const ni = norms[i] as number;
    const nj = norms[j] as number;
    // Two empty answers are the same answer; an empty and a non-empty one share nothing.
    if (ni === 0 || nj === 0) return ni === nj ? 1 : 0;
    return dot(features[i] as Map<string, number>, features[j] as Map<string, number>) / (ni * nj);
  });
}

export function lengthGram(texts: readonly string[]): Float64Array {
  const lengths = texts.map((t) => Math.log1p([...t].length));
  return fill(texts.length, (i, j) => {
    const d = (lengths[i] as number) - (lengths[j] as number);
    return Math.exp(-(d * d) / (2 * LENGTH_BANDWIDTH * LENGTH_BANDWIDTH));
  });
}
