/**
 * Every per-gateway convention in one place (GATEWAYS.md). The client, the simulator, the
 * catalog reader and the migration helpers read these; nothing else hard-codes them.
 */
import type { ProfileName } from './types.ts';

export interface GatewayProfile {
  name: ProfileName;
  /** Human name for reports. */
  label: string;
  /** Default base URL of the real gateway, including /v1. */
  defaultBaseURL: string | null;
  /** Environment variable applications use for the key. */
  keyEnv: string | null;
  /** Health check: path relative to the host root (not to /v1) and how to judge the body. */
  health: { path: string; okWhen: 'health.status=ok' | 'status=ok' | 'http-2xx' };
  catalog: {
    path: string; // relative to baseURL
    /** Where the list lives in the body. */
    listKey: 'data' | 'models';
    authRequired: boolean;
    paginated: boolean;
    /** Max page size the server honours (values above are clamped silently). */
    maxLimit: number | null;
    /** How prices are written. */
    priceForm: 'usd-per-token-string' | 'meters-per-unit' | 'none';
  };
  /** Model ids: `gpt-4o` (unprefixed ok) vs `openai/gpt-4o` (org prefix required). */
  modelIds: 'prefix-optional' | 'org-prefix-required' | 'as-is';
  /** Which is checked first when both key and model are bad. */
  checkOrder: 'model-first' | 'key-first' | 'unknown';
  errorShapes: readonly string[];
  /** Where the request id is found. */
  requestId: { header: string | null; bodyField: string | null };
  /** The gateway promises usage on every answer: its absence (or zeros for an answer) is `missing`, not `estimated`. */
  reportsUsage: boolean;
  /** Cost in responses: none (price from catalog/config) or AI Stats' nanos fields. */
  cost: 'none' | 'aistats-nanos' | 'unknown';
  stream: {
    namedEvents: boolean;
    sendsDone: boolean;
    /** Usage is sent even when include_usage is false. */
    forcedUsage: boolean;
  };
  /** Request fields the gateway is known to drop silently (older LLM Gateway drops tools, n, user). */
  dropsFields: readonly string[];
}

export const PROFILES: Readonly<Record<ProfileName, GatewayProfile>> = {
  llmgateway: {
    name: 'llmgateway',
    label: 'LLM Gateway',
    defaultBaseURL: 'https://api.llmgateway.io/v1',
    keyEnv: 'LLM_GATEWAY_API_KEY',
    health: { path: '/', okWhen: 'health.status=ok' },
    catalog: { path: '/models', listKey: 'data', authRequired: false, paginated: false, maxLimit: null, priceForm: 'usd-per-token-string' },
    modelIds: 'prefix-optional',
    checkOrder: 'model-first',
    errorShapes: ['llmgateway-flat', 'openai-envelope', 'zod', 'text'],
    requestId: { header: 'x-request-id', bodyField: null },
    reportsUsage: true,
    cost: 'none',
    stream: { namedEvents: true, sendsDone: true, forcedUsage: true },
    dropsFields: ['tools', 'n', 'user'],
  },
  aistats: {
    name: 'aistats',
    label: 'AI Stats Gateway',
    defaultBaseURL: 'https://api.phaseo.app/v1',
    keyEnv: 'AI_STATS_API_KEY',
    health: { path: '/v1/health', okWhen: 'status=ok' },
    catalog: { path: '/models', listKey: 'models', authRequired: true, paginated: true, maxLimit: 250, priceForm: 'meters-per-unit' },
    modelIds: 'org-prefix-required',
    checkOrder: 'key-first',
    errorShapes: ['aistats-flat', 'aistats-control', 'text'],
    requestId: { header: null, bodyField: 'id' },
    reportsUsage: true,
    cost: 'aistats-nanos',
    stream: { namedEvents: false, sendsDone: false, forcedUsage: true },
    dropsFields: [],
  },
  'openai-compatible': {
    name: 'openai-compatible',
    label: 'OpenAI-compatible',
    defaultBaseURL: null,
    keyEnv: null,
    health: { path: '/v1/models', okWhen: 'http-2xx' },
    catalog: { path: '/models', listKey: 'data', authRequired: true, paginated: false, maxLimit: null, priceForm: 'none' },
    modelIds: 'as-is',
    checkOrder: 'unknown',
    errorShapes: ['openai-envelope'],
    requestId: { header: 'x-request-id', bodyField: 'id' },
    reportsUsage: false,
    cost: 'unknown',
    stream: { namedEvents: false, sendsDone: true, forcedUsage: false },
    dropsFields: [],
  },
};

export function profile(name: ProfileName): GatewayProfile {
  return PROFILES[name];
}
