/**
 * Chat request validation shared by the simulated profiles. Issues are plain data; each profile
 * renders them in its own body shape (LLM Gateway zod 3, AI Stats validation_error, OpenAI 400).
 */

export type ContentPart = { type: string; text?: string };
export interface ChatMessage {
  role: string;
  content: string | ContentPart[] | null;
}

export interface ToolDef {
  name: string;
  parameters: unknown;
}

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; schema: unknown };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  temperature: number | undefined;
  topP: number | undefined;
  seed: number | undefined;
  maxTokens: number | undefined;
  responseFormat: ResponseFormat | undefined;
  tools: ToolDef[];
}

export interface Issue {
  path: (string | number)[];
  code: 'invalid_type' | 'invalid_enum_value';
  expected: string;
  received: string;
  options?: string[];
}

export interface ValidateOptions {
  /** LLM Gateway's June 2025 snapshot: content must be a string, json_schema rejected. */
  narrow: boolean;
  /** Drop `tools` silently (LLM Gateway snapshot). */
  dropTools: boolean;
}

export type Validated = { ok: true; request: ChatRequest } | { ok: false; issues: Issue[] };

export function typeName(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function validateChat(body: unknown, opts: ValidateOptions): Validated {
  const issues: Issue[] = [];
  const expect = (path: Issue['path'], expected: string, value: unknown) =>
    issues.push({ path, code: 'invalid_type', expected, received: typeName(value) });
  if (!isRecord(body)) {
    expect([], 'object', body);
    return { ok: false, issues };
  }
  if (typeof body.model !== 'string') expect(['model'], 'string', body.model);
  const messages: ChatMessage[] = [];
  if (!Array.isArray(body.messages)) expect(['messages'], 'array', body.messages);
  else
    body.messages.forEach((m: unknown, i) => {
      if (!isRecord(m)) return expect(['messages', i], 'object', m);
      if (typeof m.role !== 'string') expect(['messages', i, 'role'], 'string', m.role);
      const c = m.content;
      const okContent = typeof c === 'string' || (!opts.narrow && (Array.isArray(c) || c === null));
      if (!okContent) expect(['messages', i, 'content'], 'string', c);
      else messages.push({ role: String(m.role), content: c as ChatMessage['content'] });
    });
  for (const key of ['temperature', 'max_tokens', 'seed', 'top_p'] as const) {
    const v = body[key];
    if (v !== undefined && v !== null && typeof v !== 'number') expect([key], 'number', v);
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') expect(['stream'], 'boolean', body.stream);
  const responseFormat = readResponseFormat(body.response_format, opts, issues);
  const tools = opts.dropTools ? [] : readTools(body.tools, issues);
  if (issues.length > 0) return { ok: false, issues };
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  return {
    ok: true,
    request: {
      model: body.model as string,
      messages,
      stream: body.stream === true,
      includeUsage: streamOptions.include_usage === true,
      temperature: typeof body.temperature === 'number' ? body.temperature : undefined,
      topP: typeof body.top_p === 'number' ? body.top_p : undefined,
      seed: typeof body.seed === 'number' ? body.seed : undefined,
      maxTokens: typeof body.max_tokens === 'number' ? body.max_tokens : undefined,
      responseFormat,
      tools,
    },
  };
}

function readResponseFormat(v: unknown, opts: ValidateOptions, issues: Issue[]): ResponseFormat | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) {
    issues.push({ path: ['response_format'], code: 'invalid_type', expected: 'object', received: typeName(v) });
    return undefined;
  }
  const options = opts.narrow ? ['text', 'json_object'] : ['text', 'json_object', 'json_schema'];
  if (typeof v.type !== 'string' || !options.includes(v.type)) {
    issues.push({ path: ['response_format', 'type'], code: 'invalid_enum_value', expected: options.join(' | '), received: String(v.type), options });
    return undefined;
  }
  if (v.type === 'json_schema') {
    const js = isRecord(v.json_schema) ? v.json_schema : {};
    return { type: 'json_schema', schema: js.schema };
  }
  return { type: v.type as 'text' | 'json_object' };
}

function readTools(v: unknown, issues: Issue[]): ToolDef[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    issues.push({ path: ['tools'], code: 'invalid_type', expected: 'array', received: typeName(v) });
    return [];
  }
  const tools: ToolDef[] = [];
  v.forEach((t: unknown, i) => {
    const fn = isRecord(t) && isRecord(t.function) ? t.function : undefined;
    if (fn === undefined || typeof fn.name !== 'string') {
      issues.push({ path: ['tools', i, 'function', 'name'], code: 'invalid_type', expected: 'string', received: typeName(fn?.name) });
      return;
    }
    tools.push({ name: fn.name, parameters: fn.parameters });
  });
  return tools;
}

/** The text of a message for hashing and token counting (text parts joined; images ignored). */
export function messageText(m: ChatMessage): string {
  if (typeof m.content === 'string') return m.content;
  if (m.content === null) return '';
  return m.content.map((p) => (typeof p.text === 'string' ? p.text : '')).join('\n');
}
