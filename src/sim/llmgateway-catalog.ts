/**
 * LLM Gateway's catalog as the June 2025 snapshot served it (captures/llmgateway.md C04 and the
 * 2026-12-01 additions). The real one lists 33 models; these are the ones the captures name.
 * It does NOT serve `claude-3-5-haiku`, `o4-mini`, `gemini-2.5-flash`, `llama-3.3-70b-instruct`
 * or `mistral-small-latest`. Prices marked "recorded" are the snapshot's; the others were not
 * recorded and carry the provider's list price. `custom` and `auto` list prices of "0".
 */
import type { Row } from './catalog.ts';

export const LLMGATEWAY_ROWS: readonly Row[] = [
  ['custom', 'llmgateway', 'custom', 0, 0, null, 8192, '2025-01-01', false], // recorded
  ['auto', 'llmgateway', 'auto', 0, 0, null, 128000, '2025-01-01', true], // routes to gpt-4o-mini
  ['openai/gpt-4o-mini', 'openai', 'gpt-4o-mini', 0.15, 0.6, null, 128000, '2024-07-18', true], // recorded
  ['openai/gpt-4', 'openai', 'gpt-4', 30, 60, null, 8192, '2023-03-14', false],
  ['openai/gpt-4o', 'openai', 'gpt-4o', 2.5, 10, null, 128000, '2024-05-13', true], // recorded
  ['openai/gpt-3.5-turbo', 'openai', 'gpt-3.5-turbo', 0.5, 1.5, null, 16385, '2023-03-01', false],
  ['openai/gpt-4.1', 'openai', 'gpt-4.1', 2, 8, null, 1047576, '2025-04-14', true],
  ['openai/gpt-4.1-mini', 'openai', 'gpt-4.1-mini', 0.4, 1.6, null, 1047576, '2025-04-14', true],
  ['openai/gpt-4.1-nano', 'openai', 'gpt-4.1-nano', 0.1, 0.4, null, 1047576, '2025-04-14', true], // prompt recorded
  ['openai/o3', 'openai', 'o3', 2, 8, null, 200000, '2025-04-16', true],
  ['anthropic/claude-3-7-sonnet-20250219', 'anthropic', 'claude-3-7-sonnet-20250219', 3, 15, null, 200000, '2025-02-19', true],
  ['google/gemini-2.0-flash', 'google-ai-studio', 'gemini-2.0-flash', 0.1, 0.4, null, 1048576, '2025-02-05', true],
  ['google/gemini-2.5-pro-preview-05-06', 'google-ai-studio', 'gemini-2.5-pro-preview-05-06', 1.25, 10, null, 1048576, '2025-05-06', true],
  ['meta/llama-3.1-8b-instruct', 'inference.net', 'llama-3.1-8b-instruct', 0.07, 0.33, null, 131072, '2024-07-23', false], // recorded
  ['deepseek/deepseek-v3', 'deepseek', 'deepseek-v3', 0.15, 0.4, null, 64000, '2024-12-26', false], // recorded
  ['mistral/mistral-large-latest', 'mistral', 'mistral-large-latest', 4, 12, null, 128000, '2024-11-18', false], // recorded
];
