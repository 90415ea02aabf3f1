/** Seeded English-ish text, JSON values and token counting for the simulated answers. */
import { pick, type Rng } from './rng.ts';

const WORDS: readonly string[] = (
  'the a of to and in is for that with on as it be by this are from at or an can will which ' +
  'model answer request gateway system value result data time user service response example ' +
  'simple clear short quick small large first second next last other same different useful ' +
  'important general specific common likely possible simply usually often always never also ' +
  'however therefore because while before after during between within without through across ' +
  'make take give find keep show help check run build test measure compare change return send ' +
  'read write start stop open close move turn use need want know think see look work call ' +
  'people team project process method approach step part point case number level rate cost ' +
  'latency token output input prompt context question reason idea detail summary report list ' +
  'good better best new old high low fast slow early late full empty safe stable ready ' +
  'city river mountain garden window morning evening weather light color sound music story ' +
  'paper table kitchen coffee market street bridge island forest ocean planet signal engine'
).split(' ');

/** Counts words and punctuation marks: the simulator's deterministic token unit. */
export function countTokens(text: string): number {
  return text.match(/[A-Za-z0-9_]+|[^\sA-Za-z0-9_]/g)?.length ?? 0;
}

export function word(rng: Rng): string {
  return pick(rng, WORDS);
}

/** Joins tokens with a space before every word and none before punctuation. */
export function renderTokens(tokens: readonly string[]): string {
  let out = '';
  for (const t of tokens) out += /^[A-Za-z0-9_]/.test(t) && out !== '' ? ` ${t}` : t;
  return out;
}

export function sentence(rng: Rng, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(word(rng));
  return parts.join(' ');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value that satisfies a (simple) JSON Schema: object/array/string/number/integer/boolean/enum. */
export function valueForSchema(rng: Rng, schema: unknown, depth = 0): unknown {
  if (!isRecord(schema)) return sentence(rng, 4);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return pick(rng, schema.enum as unknown[]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isRecord(schema.properties) ? schema.properties : {};
      for (const [k, v] of Object.entries(props)) if (depth < 4) out[k] = valueForSchema(rng, v, depth + 1);
      return out;
    }
    case 'array':
      return depth < 4 ? [0, 1].map(() => valueForSchema(rng, schema.items, depth + 1)) : [];
    case 'integer':
      return Math.floor(rng() * 100);
    case 'number':
      return Math.round(rng() * 1000) / 100;
    case 'boolean':
      return rng() < 0.5;
    case 'null':
      return null;
    default:
      return sentence(rng, 3 + Math.floor(rng() * 5));
  }
}

/** The object a `json_object` answer carries. */
export function jsonObjectAnswer(rng: Rng): Record<string, unknown> {
  return {
    answer: sentence(rng, 6 + Math.floor(rng() * 8)),
    confidence: Math.round(rng() * 100) / 100,
    topics: [word(rng), word(rng), word(rng)],
  };
}
