/** The schema of prompts/*.yaml. The JSON Schema shipped for editors is generated from it. */
import { z } from 'zod';
import { MAX_REPEAT } from '../config/schema.ts';

const MessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]),
  name: z.string().optional(),
  tool_call_id: z.string().optional(),
});

const AssertionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('contains'), value: z.string() }),
  z.strictObject({ type: z.literal('regex'), value: z.string() }),
  z.strictObject({ type: z.literal('equals'), value: z.string() }),
  z.strictObject({ type: z.literal('json-schema'), value: z.record(z.string(), z.unknown()) }),
]);

const ParamsShape = {
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  top_p: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  response_format: z.record(z.string(), z.unknown()).optional(),
  tools: z.array(z.record(z.string(), z.unknown())).optional(),
  tool_choice: z.unknown().optional(),
};

const StreamSchema = z.union([z.boolean(), z.literal('both')]);
const CompareSchema = z.enum(['text', 'json', 'exact', 'none']);

export const CaseSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"'),
    description: z.string().optional(),
    tags: z.array(z.string()).default([]),
    model: z.string().min(1).optional(),
    /** Shorthand for a single user message. */
    prompt: z.string().min(1).optional(),
    /** Optional system message used with `prompt`. */
    system: z.string().optional(),
    messages: z.array(MessageSchema).min(1).optional(),
    ...ParamsShape,
    stream: StreamSchema.optional(),
    repeat: z.number().int().positive().max(MAX_REPEAT).optional(),
    compare: CompareSchema.optional(),
    thresholds: z
      .strictObject({
        similarity: z.number().min(0).max(1).optional(),
        latencyP50: z.number().nonnegative().optional(),
        latencyP95: z.number().nonnegative().optional(),
      })
      .optional(),
    assert: z.array(AssertionSchema).default([]),
    expectError: z.enum(['invalid-key', 'invalid-model', 'invalid-key-and-model']).optional(),
    expectStatus: z
      .strictObject({ baseline: z.number().int().optional(), candidate: z.number().int().optional() })
      .optional(),
  })
  .refine((c) => (c.prompt === undefined) !== (c.messages === undefined), {
    message: 'needs exactly one of "prompt" or "messages"',
  });
export type CaseInput = z.infer<typeof CaseSchema>;

export const SuiteFileSchema = z.strictObject({
  /** Optional editor hint, ignored. */
  $schema: z.string().optional(),
  suite: z.string().min(1),
  description: z.string().optional(),
  defaults: z
    .strictObject({
      model: z.string().min(1).optional(),
      stream: StreamSchema.optional(),
      repeat: z.number().int().positive().max(MAX_REPEAT).optional(),
      compare: CompareSchema.optional(),
      temperature: z.number().min(0).max(2).optional(),
      max_tokens: z.number().int().positive().optional(),
      tags: z.array(z.string()).optional(),
    })
    .default({}),
  cases: z.array(CaseSchema).min(1, 'a suite file needs at least one case'),
});
export type SuiteFile = z.infer<typeof SuiteFileSchema>;
