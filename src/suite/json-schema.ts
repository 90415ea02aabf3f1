/** The JSON Schema of prompt suite files, generated from the zod schema (one source of truth). */
import { z } from 'zod';
import { SuiteFileSchema } from './schema.ts';

export function suiteJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(SuiteFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://cutover.dev/schemas/suite.schema.json',
    title: 'cutover golden prompt suite',
    description: 'A file of golden prompts replayed against both gateways by `cutover eval`.',
  };
}

export function suiteJsonSchemaText(): string {
  return `${JSON.stringify(suiteJsonSchema(), null, 2)}\n`;
}
