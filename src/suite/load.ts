/** Loads prompts/*.yaml into frozen, hashed PromptCase[]; every problem names its file, line and field. */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SuiteError } from '../errors.ts';
import { displayPath, locate, parseYaml, validateYaml } from '../config/yaml.ts';
import { SuiteFileSchema, type CaseInput, type SuiteFile } from './schema.ts';
import type { ChatMessage, PromptCase, RequestParams } from './types.ts';

const fail = (m: string) => new SuiteError(m);

/** Stable JSON: object keys sorted, so the hash does not depend on YAML key order. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableStringify(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The hash covers everything that changes the requests sent for a case. */
export function caseHash(c: Pick<PromptCase, 'model' | 'messages' | 'params' | 'streamModes' | 'expectError'>): string {
  const material = stableStringify({ model: c.model, messages: c.messages, params: c.params, stream: c.streamModes, expectError: c.expectError });
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}

function suiteFiles(dir: string): string[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw fail(`prompt suite folder ${displayPath(dir)} not found`);
  }
  if (st.isFile()) return [dir];
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
  if (files.length === 0) throw fail(`no prompt suite files (*.yaml) in ${displayPath(dir)}`);
  return files;
}

function toCase(input: CaseInput, suite: SuiteFile, file: string, defaultRepeat: number): Omit<PromptCase, 'hash'> {
  const d = suite.defaults;
  const model = input.model ?? d.model;
  if (model === undefined) throw fail(`${displayPath(file)}: cases[id=${input.id}].model: missing (and no defaults.model)`);
  const messages: ChatMessage[] =
    input.messages ??
    [...(input.system !== undefined ? [{ role: 'system' as const, content: input.system }] : []), { role: 'user' as const, content: input.prompt ?? '' }];
  const params: RequestParams = {};
  const temperature = input.temperature ?? d.temperature;
  const maxTokens = input.max_tokens ?? d.max_tokens;
  if (temperature !== undefined) params.temperature = temperature;
  if (maxTokens !== undefined) params.max_tokens = maxTokens;
  if (input.top_p !== undefined) params.top_p = input.top_p;
  if (input.seed !== undefined) params.seed = input.seed;
  if (input.response_format !== undefined) params.response_format = input.response_format;
  if (input.tools !== undefined) params.tools = input.tools;
  if (input.tool_choice !== undefined) params.tool_choice = input.tool_choice;
  const stream = input.stream ?? d.stream ?? false;
  const isContract = input.expectError !== undefined;
  const base = {
    id: input.id,
    file: displayPath(file),
    tags: [...(d.tags ?? []), ...input.tags],
    model,
    messages,
    params,
    streamModes: stream === 'both' ? [false, true] : [stream],
    repeat: input.repeat ?? (isContract ? 1 : (d.repeat ?? defaultRepeat)),
    compare: input.compare ?? (isContract ? 'none' : (d.compare ?? 'text')),
    thresholds: input.thresholds ?? {},
    assertions: input.assert,
  };
  return {
    ...base,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.expectError !== undefined ? { expectError: input.expectError } : {}),
    ...(input.expectStatus !== undefined ? { expectStatus: input.expectStatus } : {}),
  };
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Load every suite file under `dir` (or one file). `defaultRepeat` comes from the config/target. */
export function loadSuite(dir: string, defaultRepeat = 5): PromptCase[] {
  const cases: PromptCase[] = [];
  const seen = new Map<string, string>();
  for (const file of suiteFiles(dir)) {
    const parsed = parseYaml(file, fail);
    const suite = validateYaml(file, parsed, SuiteFileSchema, fail);
    suite.cases.forEach((input, i) => {
      const where = locate(file, parsed.doc, parsed.lines, ['cases', i, 'id']);
      const prev = seen.get(input.id);
      if (prev !== undefined) throw fail(`${where}: cases[${i}].id: duplicate case id "${input.id}" (first defined at ${prev})`);
      seen.set(input.id, where);
      const c = toCase(input, suite, file, defaultRepeat);
      cases.push(deepFreeze({ ...c, hash: caseHash(c) }));
    });
  }
  return cases;
}
