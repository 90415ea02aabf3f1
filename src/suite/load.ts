/**
 * Loads the *.yaml files under prompts/ (subfolders too) into frozen, hashed PromptCase[]; every
 * problem names its file, line and field. Assertions are compiled here (regexes, JSON Schemas), so a bad one fails before any
 * request is sent, not as a gate failure after the whole suite was paid for.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { Ajv } from 'ajv';
import { SuiteError } from '../errors.ts';
import { displayPath, locate, parseLongSequence, parseYaml, position, readYamlText, validateYaml } from '../config/yaml.ts';
import { SuiteFileSchema, type CaseInput, type SuiteFile } from './schema.ts';
import type { ChatMessage, PromptCase, RequestParams } from './types.ts';

const fail = (m: string, options?: ErrorOptions) => new SuiteError(m, 'suite', options);

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

/** Every *.yaml / *.yml under `dir`, subfolders included (hidden folders and node_modules skipped), in path order. */
function suiteFiles(dir: string): string[] {
  let st;
  try {
    st = statSync(dir);
  } catch (cause) {
    throw fail(`prompt suite folder ${displayPath(dir)} not found`, { cause });
  }
  if (st.isFile()) return [dir];
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[];
  const skipped = (path: string): boolean => relative(dir, path).split(sep).some((part) => part.startsWith('.') || part === 'node_modules');
  const files = entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !skipped(f))
    .sort();
  if (files.length === 0) throw fail(`no prompt suite files (*.yaml) in ${displayPath(dir)} or its subfolders`);
  return files;
}

/**
 * A bare list of cases is the most natural thing to write and the loader's schema error for it
 * ("expected object") does not say what is missing: say it.
 */
function requireMapping(file: string, data: unknown): void {
  if (Array.isArray(data)) {
    throw fail(
      `${displayPath(file)}:1:1: (root): a suite file is a mapping, not a bare list of cases: give it a name under "suite:" and put the cases under "cases:", e.g.\n  suite: support\n  cases:\n    - id: first-case\n      …`,
    );
  }
}

/** Regexes and JSON Schemas of `assert`, compiled now: every bad one, with its file:line, at once. */
function compileAssertions(suite: SuiteFile, ajv: Ajv, where: (i: number, j: number) => string): string[] {
  const problems: string[] = [];
  suite.cases.forEach((c, i) => {
    c.assert.forEach((a, j) => {
      try {
        if (a.type === 'regex') new RegExp(a.value, 'u');
        else if (a.type === 'json-schema') ajv.compile(a.value);
      } catch (e) {
        const what = a.type === 'regex' ? `invalid regular expression ${JSON.stringify(a.value)}` : 'invalid JSON Schema';
        problems.push(`${where(i, j)}: cases[${i}].assert[${j}].value: ${what} (case "${c.id}"): ${(e as Error).message}`);
      }
    });
  });
  return problems;
}

/** One suite file, validated: its cases, where each starts and where its id is (`file:line:col`). */
interface SuiteFileRead {
  suite: SuiteFile;
  caseLine(i: number): number;
  idAt(i: number): string;
  problems: string[];
}

/** The whole file as one YAML Document: every problem gets its location. */
function readWhole(file: string, text: string, ajv: Ajv): SuiteFileRead {
  const parsed = parseYaml(file, fail, text);
  requireMapping(file, parsed.data);
  const suite = validateYaml(file, parsed, SuiteFileSchema, fail);
  const problems = compileAssertions(suite, ajv, (i, j) => locate(file, parsed.doc, parsed.lines, ['cases', i, 'assert', j, 'value']));
  return {
    suite,
    caseLine: (i) => position(parsed.doc, parsed.lines, ['cases', i])?.line ?? 1,
    idAt: (i) => locate(file, parsed.doc, parsed.lines, ['cases', i, 'id']),
    problems,
  };
}

/**
 * The file composed case by case (config/yaml.ts parseLongSequence): a large suite never holds
 * its whole syntax tree and Document at once. Null when the file is not of that plain shape or
 * has any problem: then it is read whole, which reports the problem with its location.
 */
function readLean(file: string, text: string, ajv: Ajv): SuiteFileRead | null {
  const lean = parseLongSequence(text, 'cases', 'id');
  if (lean === null) return null;
  const result = SuiteFileSchema.safeParse(lean.data);
  if (!result.success) return null;
  const suite = result.data;
  if (compileAssertions(suite, ajv, () => '').length > 0) return null;
  const shown = displayPath(file);
  return {
    suite,
    caseLine: (i) => lean.items[i]?.at.line ?? 1,
    idAt: (i) => {
      const pos = lean.items[i]?.key ?? lean.items[i]?.at;
      return pos ? `${shown}:${pos.line}:${pos.col}` : shown;
    },
    problems: [],
  };
}

function toCase(input: CaseInput, suite: SuiteFile, file: string, shownAs: string, line: number, defaultRepeat: number): Omit<PromptCase, 'hash'> {
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
    file: shownAs,
    line,
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

/**
 * Load every suite file under `dir` (or one file). `defaultRepeat` comes from the config/target.
 * A case's `file` is shown relative to the folder holding the suite (`prompts/support.yaml`),
 * wherever the suite lives and wherever cutover runs.
 */
export function loadSuite(dir: string, defaultRepeat = 5): PromptCase[] {
  const cases: PromptCase[] = [];
  const seen = new Map<string, string>();
  const problems: string[] = [];
  // One Ajv for the whole suite, only to check that each schema compiles (strict: false as when scoring).
  const ajv = new Ajv({ allErrors: false, strict: false });
  const root = dirname(dir);
  for (const file of suiteFiles(dir)) {
    const text = readYamlText(file, fail);
    const read = readLean(file, text, ajv) ?? readWhole(file, text, ajv);
    const { suite } = read;
    problems.push(...read.problems);
    const shownAs = relative(root, file).split(sep).join('/');
    suite.cases.forEach((input, i) => {
      const where = read.idAt(i);
      const prev = seen.get(input.id);
      if (prev !== undefined) throw fail(`${where}: cases[${i}].id: duplicate case id "${input.id}" (first defined at ${prev})`);
      seen.set(input.id, where);
      const c = toCase(input, suite, file, shownAs, read.caseLine(i), defaultRepeat);
      // Object.assign, not `{ ...c, hash }`: V8 gives every such literal its own hidden class (10,000 cases: ~3 MB of maps).
      cases.push(deepFreeze(Object.assign({}, c, { hash: caseHash(c) })));
    });
  }
  if (problems.length) throw fail(problems.join('\n'));
  return cases;
}
