/** What a sample "said", as one comparable text: the content plus any tool calls. */
import type { OkSample, Sample } from '../run/sample.ts';

/** Content, then one `[tool] name(arguments)` line per tool call, so tool use is compared too. */
export function outputText(sample: OkSample): string {
  if (sample.toolCalls.length === 0) return sample.text;
  const calls = sample.toolCalls.map((c) => `[tool] ${c.name}(${c.arguments})`).join('\n');
  return sample.text === '' ? calls : `${sample.text}\n${calls}`;
}

export function okSamples(samples: readonly Sample[]): OkSample[] {
  return samples.filter((s): s is OkSample => s.kind === 'ok');
}

/** Outputs of successful samples, in repeat order, at most `limit` (pairwise work grows as n²). */
export function outputs(samples: readonly Sample[], limit = 10): string[] {
  return okSamples(samples)
    .sort((a, b) => a.repeat - b.repeat || Number(a.stream) - Number(b.stream))
    .slice(0, limit)
    .map(outputText);
}

/** Truncate long texts for reports, saying so. */
export function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}… [${text.length - maxChars} more characters]`;
}
