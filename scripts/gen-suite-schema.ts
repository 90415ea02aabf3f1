// Regenerates prompts/suite.schema.json from the zod schema: `npx tsx scripts/gen-suite-schema.ts`.
import { writeFileSync } from 'node:fs';
import { suiteJsonSchemaText } from '../src/suite/json-schema.ts';

writeFileSync(new URL('../prompts/suite.schema.json', import.meta.url), suiteJsonSchemaText());
