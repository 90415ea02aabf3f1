/**
 * Bodies and SSE streams copied verbatim from /work/shared/captures/*.md (ids as recorded),
 * replayed by the gateway tests. `C…` names are the capture numbers.
 */

export interface CapturedError {
  name: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  contentType?: string;
}

const llmId = 'kyzysfzWRmM7z4tNgDq8CuqC2SM9MWcCj4y6xqQN';

export const LLM_ERRORS = {
  C30_badKey: { name: 'C30', status: 401, headers: { 'x-request-id': llmId }, body: '{"error":true,"status":401,"message":"Unauthorized: Invalid token"}' },
  C31_unknownModel: { name: 'C31', status: 400, headers: { 'x-request-id': llmId }, body: '{"error":true,"status":400,"message":"Requested model no-such-model-xyz not supported"}' },
  C40_unknownProvider: {
    name: 'C40',
    status: 400,
    headers: { 'x-request-id': llmId },
    body: '{"error":true,"status":400,"message":"Requested provider nosuchprov not supported. If you requested a model on a specific provider, make sure to prefix the model name with the provider name. e.g. inference.net/llama-3.3-70b-instruct"}',
  },
  C42_providerNoModel: { name: 'C42', status: 400, headers: {}, body: '{"error":true,"status":400,"message":"Provider anthropic does not support model gpt-4o"}' },
  C36_contentType: { name: 'C36', status: 415, headers: {}, body: '{"error":true,"status":415,"message":"Unsupported Media Type: Content-Type must be application/json"}' },
  C39_zod: {
    name: 'C39',
    status: 400,
    headers: {},
    body: '{"success":false,"error":{"issues":[{"code":"invalid_type","expected":"array","received":"undefined","path":["messages"],"message":"Required"}],"name":"ZodError"}}',
  },
  C70_credits: { name: 'C70', status: 402, headers: { 'x-request-id': llmId }, body: '{"error":true,"status":402,"message":"Organization has insufficient credits"}' },
  C50_upstream500: {
    name: 'C50',
    status: 500,
    headers: { 'x-request-id': llmId },
    body: '{"error":{"message":"Error from provider: 500 Internal Server Error","type":"upstream_error","param":null,"code":"upstream_error","usedProvider":"openai","requestedModel":"gpt-4o","usedModel":"gpt-4o"}}',
  },
  C51_upstream429: {
    name: 'C51',
    status: 500,
    headers: { 'x-request-id': llmId },
    body: '{"error":{"message":"Error from provider: 429 Too Many Requests","type":"gateway_error","param":null,"code":"gateway_error","usedProvider":"openai","requestedModel":"gpt-4o","usedModel":"gpt-4o"}}',
  },
  C53_flat500: { name: 'C53', status: 500, headers: { 'x-request-id': llmId }, body: '{"error":true,"status":500,"message":"Internal Server Error"}' },
  C52_upstream401: {
    name: 'C52',
    status: 500,
    headers: { 'x-request-id': llmId },
    body: '{"error":{"message":"Error from provider: 401 Unauthorized","type":"gateway_error","param":null,"code":"gateway_error","usedProvider":"openai","requestedModel":"gpt-4o","usedModel":"gpt-4o"}}',
  },
  C80_notFound: { name: 'C80', status: 404, headers: {}, body: '404 Not Found', contentType: 'text/plain; charset=UTF-8' },
  // Newer source (error-response.ts): OpenAI envelope with codes.
  newer401: {
    name: 'newer-401',
    status: 401,
    headers: { 'x-request-id': llmId },
    body: '{"error":{"message":"Unauthorized: Invalid LLMGateway API token.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}',
  },
  newer429: {
    name: 'newer-429',
    status: 429,
    headers: { 'x-request-id': llmId, 'retry-after': '7' },
    body: '{"error":{"message":"Rate limit exceeded","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}',
  },
  newer504: { name: 'newer-504', status: 504, headers: {}, body: '{"error":{"message":"Upstream timed out","type":"timeout_error","param":null,"code":"timeout"}}' },
} satisfies Record<string, CapturedError>;

const aisHeaders = { 'x-gateway-error-attribution': 'user', 'x-gateway-error-origin': 'user' };

export const AIS_ERRORS = {
  C3_missingKey: {
    name: 'C3',
    status: 401,
    headers: aisHeaders,
    body: '{"generation_id":"G-01M8F50RME2YQZPGHDE1J4AVN2","status_code":401,"error":"unauthorised","error_type":"user","error_origin":"user","description":"missing_or_invalid_authorization_header"}',
  },
  C5_badKeyBadModel: {
    name: 'C5',
    status: 401,
    headers: aisHeaders,
    body: '{"generation_id":"G-01M8F50VS28AY60G60Q23CK717","status_code":401,"error":"unauthorised","error_type":"user","error_origin":"user","description":"key_not_found_or_revoked"}',
  },
  C6_invalidJson: {
    name: 'C6',
    status: 400,
    headers: aisHeaders,
    body: '{"generation_id":"G-01M8F50VTDEHG8RQWMDM0DQMG1","status_code":400,"error":"invalid_json","error_type":"user","error_origin":"user","description":"invalid_json"}',
  },
  C7_validation: {
    name: 'C7',
    status: 400,
    headers: aisHeaders,
    body: '{"generation_id":"G-01M8F50VTDEHG8RQWMDM0DQMG2","status_code":400,"error":"validation_error","error_type":"user","error_origin":"user","description":"Invalid input: expected string, received undefined at model","details":[{"message":"Invalid input: expected string, received undefined","path":["model"],"keyword":"invalid_type","params":{}}]}',
  },
  C8_unknownModel: {
    name: 'C8',
    status: 400,
    headers: aisHeaders,
    body: '{"generation_id":"G-01M8F514AVHGJ96WPGPNQ7423T","status_code":400,"error":"unsupported_model_or_endpoint","error_type":"user","error_origin":"user","description":"Unsupported model or endpoint. Please check https://phaseo.app/models for your model id, or the API Reference at https://phaseo.app/docs/v1/api-reference for valid endpoints.","error_operational_kind":"invalid_model_slug","reason":"model_not_found_or_inactive","provider_candidate_diagnostics":{"totalProviders":0,"supportsEndpointCount":0,"droppedUnsupportedEndpoint":[],"droppedMissingAdapter":[],"candidateCount":0}}',
  },
  C9_unknownPin: {
    name: 'C9',
    status: 400,
    headers: aisHeaders,
    body: '{"generation_id":"G-01M8F514AVHGJ96WPGPNQ7423U","status_code":400,"error":"validation_error","error_type":"user","error_origin":"user","description":"Unknown provider slug \\"nosuchprov\\" in provider-qualified model \\"nosuchprov:test/ok-model-p1\\". Use a provider slug returned by Phaseo\'s provider catalogue.","error_operational_kind":"unknown_provider_slug","details":[]}',
  },
  C10_keyLimit: {
    name: 'C10',
    status: 429,
    headers: aisHeaders,
    body: '{"generation_id":"G-01M8F52Y4M8224MG4MCXYSTN9J","status_code":429,"error":"key_limit_exceeded","error_type":"user","error_origin":"user","description":"This API key has reached its daily request limit (100/100)."}',
  },
  C11_funds: {
    name: 'C11',
    status: 402,
    headers: aisHeaders,
    body: '{"generation_id":"G-01M8F52Y4M8224MG4MCXYSTN9K","status_code":402,"error":"insufficient_funds","error_type":"user","error_origin":"user","description":"insufficient_balance"}',
  },
  // C12 verbatim except `routing_diagnostics`, whose `{…}`/`[…]` parts the capture shortened (kept: the fields it shows).
  C12_upstream429: {
    name: 'C12',
    status: 502,
    headers: { 'x-gateway-error-attribution': 'upstream', 'x-gateway-error-origin': 'upstream' },
    body: '{"generation_id":"G-01M8F52Y7AC2TA8GYSG3DQ8HBR","status_code":502,"error":"upstream_error","error_type":"system","error_origin":"upstream","description":"Provider \\"groq\\" failed with HTTP 429 for endpoint \\"chat.completions\\" on model \\"test/upstream-429-a\\". Upstream code: rate_limit_exceeded. Upstream message: Rate limit reached. Hint: The provider is rate limiting requests; retry with backoff. Inspect failure_sample for per-attempt diagnostics.","reason":"all_candidates_failed","attempt_count":1,"failed_providers":["groq"],"failed_statuses":[429],"failure_sample":[{"provider":"groq","type":"upstream_non_2xx","status":429,"upstream_error_code":"rate_limit_exceeded","upstream_error_message":"Rate limit reached","upstream_error_description":null,"upstream_error_param":null,"upstream_payload_preview":"{\\"error\\":{\\"message\\":\\"Rate limit reached\\",\\"type\\":\\"rate_limit_error\\",\\"code\\":\\"rate_limit_exceeded\\"}}","retryable":null}],"upstream_error":{"code":"rate_limit_exceeded","message":"Rate limit reached","description":null,"param":null},"routing_diagnostics":{"model":"test/upstream-429-a","endpoint":"chat.completions","routingMode":"balanced","finalCandidateCount":1},"provider_failure_diagnostics":{"category":"rate_limited","hint":"The provider is rate limiting this request. Retry with backoff or another provider.","provider":"groq"}}',
  },
  // C13: "the same shape as C12" with the fields the capture names for an upstream 500.
  C13_upstream500: {
    name: 'C13',
    status: 502,
    headers: { 'x-gateway-error-attribution': 'upstream', 'x-gateway-error-origin': 'upstream' },
    body: '{"generation_id":"G-01M8F52Y7AC2TA8GYSG3DQ8HBS","status_code":502,"error":"upstream_error","error_type":"system","error_origin":"upstream","description":"Provider \\"groq\\" failed with HTTP 500 for endpoint \\"chat.completions\\" on model \\"test/upstream-500-a\\". Upstream code: server_error. Upstream message: Internal error. Hint: The provider returned a server error; retrying may succeed. Inspect failure_sample for per-attempt diagnostics.","reason":"all_candidates_failed","attempt_count":1,"failed_providers":["groq"],"failed_statuses":[500],"failure_sample":[{"provider":"groq","type":"upstream_non_2xx","status":500,"upstream_error_code":"server_error","upstream_error_message":"Internal error","upstream_error_description":null,"upstream_error_param":null,"retryable":null}],"upstream_error":{"code":"server_error","message":"Internal error","description":null,"param":null},"provider_failure_diagnostics":{"category":"server_error","hint":"The provider returned a server-side failure. Retrying later may succeed.","provider":"groq"}}',
  },
  // C14: refused connection — failure_sample status null, no failed_statuses, a stack trace in the description.
  C14_upstreamUnreachable: {
    name: 'C14',
    status: 502,
    headers: { 'x-gateway-error-attribution': 'upstream', 'x-gateway-error-origin': 'upstream' },
    body: '{"generation_id":"G-01M8F52Y7AC2TA8GYSG3DQ8HBT","status_code":502,"error":"upstream_error","error_type":"system","error_origin":"upstream","description":"Provider \\"together\\" failed for endpoint \\"chat.completions\\" on model \\"test/unreachable-a\\". Upstream message: Network connection lost.. Upstream detail: Error: Network connection lost.\\n    at fetch (worker.js:1:1) Inspect failure_sample for per-attempt diagnostics.","reason":"all_candidates_failed","attempt_count":1,"failed_providers":["together"],"failure_sample":[{"provider":"together","type":"retryable_error","status":null,"upstream_error_code":null,"upstream_error_message":"Network connection lost.","upstream_error_description":"Error: Network connection lost.\\n    at fetch (worker.js:1:1)","upstream_error_param":null,"retryable":true}]}',
  },
  guardrail: {
    name: 'guardrail',
    status: 403,
    headers: aisHeaders,
    body: '{"generation_id":"G-01M8F52Y4M8224MG4MCXYSTN9L","status_code":403,"error":"guardrail_blocked","error_type":"user","error_origin":"user","description":"workspace policy removed every route"}',
  },
  C18_modelsAuth: {
    name: 'C18',
    status: 401,
    headers: {},
    body: '{"error":"unauthorised","reason":"missing_or_invalid_authorization_header","request_id":"G-01M8F53W9R4SYY48HRTFZ0E2FQ","status_code":401,"error_type":"user","error_origin":"user","generation_id":"G-01M8F53W9R4SYY48HRTFZ0E2FQ"}',
  },
  C19_control: { name: 'C19', status: 400, headers: {}, body: '{\n  "ok": false,\n  "error": "invalid_request",\n  "message": "offset must be <= 5000",\n  "max_offset": 5000\n}' },
  C21_notFound: { name: 'C21', status: 404, headers: {}, body: '404 Not Found', contentType: 'text/plain; charset=UTF-8' },
} satisfies Record<string, CapturedError>;

const llmChunk = (delta: string, finish: string | null = null) =>
  `{"id":"chatcmpl-mockX","object":"chat.completion.chunk","created":1749800000,"model":"gpt-4o","system_fingerprint":"fp_mock","choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]}`;

const named = (event: string, data: string, id: number) => `event: ${event}\ndata: ${data}\nid: ${id}\n\n`;

/** LLM Gateway C20: named frames, role on every delta, two usage chunks, `event: done`. */
export const LLM_STREAM_C20 = [
  named('chunk', llmChunk('{"role":"assistant","content":""}'), 0),
  named('chunk', llmChunk('{"content":"Hello from ","role":"assistant"}'), 1),
  named('chunk', llmChunk('{"content":"mock upstream!","role":"assistant"}'), 2),
  named('chunk', llmChunk('{"role":"assistant"}', 'stop'), 3),
  named('chunk', '{"id":"chatcmpl-mockX","object":"chat.completion.chunk","created":1749800000,"model":"gpt-4o","system_fingerprint":"fp_mock","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}', 4),
  named('chunk', '{"id":"chatcmpl-1795804813593","object":"chat.completion.chunk","created":1749800000,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":null}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}', 5),
  named('done', '[DONE]', 6),
];

const llmEstimatedUsage = '{"id":"chatcmpl-1795804813600","object":"chat.completion.chunk","created":1749800000,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":null}],"usage":{"prompt_tokens":5,"completion_tokens":6,"total_tokens":11}}';

/** LLM Gateway C63: no upstream usage → estimated usage and [DONE], each twice. */
export const LLM_STREAM_C63 = [
  ...LLM_STREAM_C20.slice(0, 4),
  named('chunk', llmEstimatedUsage, 4),
  named('done', '[DONE]', 5),
  named('chunk', llmEstimatedUsage, 6),
  named('done', '[DONE]', 7),
];

/** LLM Gateway C62: upstream cut after two chunks → estimated usage + [DONE], no finish_reason. */
export const LLM_STREAM_C62 = [
  ...LLM_STREAM_C20.slice(0, 2),
  named('chunk', '{"id":"chatcmpl-1795804813601","object":"chat.completion.chunk","created":1749800000,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":null}],"usage":{"prompt_tokens":4,"completion_tokens":3,"total_tokens":6}}', 2),
  named('done', '[DONE]', 3),
];

/** LLM Gateway C60: upstream 500 on a stream → 200 + `event: error` + done. */
export const LLM_STREAM_C60 = [
  named('error', '{"error":{"message":"Error from provider: 500 Internal Server Error","type":"upstream_error","param":null,"code":"upstream_error"}}', 0),
  named('done', '[DONE]', 1),
];

/** LLM Gateway C61: upstream 429 on a stream → 200 + the same two frames, type/code gateway_error. */
export const LLM_STREAM_C61 = [
  named('error', '{"error":{"message":"Error from provider: 429 Too Many Requests","type":"gateway_error","param":null,"code":"gateway_error"}}', 0),
  named('done', '[DONE]', 1),
];

/** LLM Gateway C66: upstream refused on a stream → 200 text/event-stream with an empty body. */
export const LLM_STREAM_C66: string[] = [];

const aisPricing = '"pricing":{"total_nanos":4800,"total_usd_str":"0.0000048","total_cents":0,"currency":"USD","lines":[]}';
const aisChunk = (choices: string, extra = '') =>
  `{"id":"G-01M8F52TCDYE4M4G1Q0QV1H7RM","object":"chat.completion.chunk","created":1767225600,"model":"chat-model","choices":${choices}${extra},"nativeResponseId":"chatcmpl-upstream123"}`;
const plain = (data: string) => `data: ${data}\n\n`;

/** AI Stats C16: plain frames, usage-only final chunk, no [DONE]. */
export const AIS_STREAM_C16 = [
  plain(aisChunk('[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]')),
  plain(aisChunk('[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]')),
  plain(aisChunk('[{"index":0,"delta":{"content":" there!"},"finish_reason":null}]')),
  plain(aisChunk('[{"index":0,"delta":{},"finish_reason":"stop"}]')),
  plain(aisChunk('[]', `,"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,${aisPricing}}`)),
];

const aisRespChunk = (content: string) =>
  `{"object":"chat.completion.chunk","nativeResponseId":"resp_upstream123","created":1767225600,"model":"ok-model","choices":[{"index":0,"delta":{"role":"assistant","content":"${content}"},"finish_reason":null}],"id":"G-01M8F51RNA1S4YSY4J5BV1MCXE"}`;
const aisFinal = (content: string) =>
  `{"id":"G-01M8F51RNA1S4YSY4J5BV1MCXE","object":"chat.completion","nativeResponseId":"resp_upstream123","created":1767225600,"model":"test/ok-model-s1","choices":[{"index":0,"message":{"role":"assistant","content":"${content}","tool_calls":[]},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,"completion_tokens_details":{"reasoning_tokens":0},${aisPricing}}}`;

/** AI Stats C17: Responses-route provider, final frame is a whole chat.completion. */
export const AIS_STREAM_C17 = [plain(aisRespChunk('Hello')), plain(aisRespChunk(' there!')), plain(aisFinal('Hello there!'))];

/** The same final frame with no deltas before it: its content is the answer. */
export const AIS_STREAM_FINAL_ONLY = [plain(aisFinal('Hello there!'))];

/** AI Stats mid-stream error (2026-12-01): `{"object":"error","message":"stream_error",…}` as an ordinary data frame. */
export const AIS_STREAM_ERROR = [
  plain(aisRespChunk('Hello')),
  plain('{"object":"error","message":"stream_error","nativeResponseId":"resp_upstream123","id":"G-01M8F51RNA1S4YSY4J5BV1MCXE"}'),
];

/** AI Stats, upstream sent no usage, streamed (2026-12-01): no usage chunk at all. */
export const AIS_STREAM_NO_USAGE = AIS_STREAM_C16.slice(0, -1);

/** Success bodies. */
export const LLM_OK_C10 =
  '{"id":"chatcmpl-mock1","object":"chat.completion","created":1749800000,"model":"gpt-4o","system_fingerprint":"fp_mock","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from mock upstream!","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}';
/** The 2026-12-01 cost/usage shapes, verbatim: an unpriced model's zero total with no lines, and usage {0,0,0}. */
const aisUnpriced = '"pricing":{"total_nanos":0,"total_usd_str":"0","total_cents":0,"currency":"USD","lines":[]}';
const aisBody = (usage: string, top = '') =>
  `{"id":"G-01M8F52T7QCQNBJSRN06GPVZ7V","nativeResponseId":"chatcmpl-upstream123","object":"chat.completion","created":1767225600,"model":"test/chat-model-n1","provider":"deepinfra","provider_id":"deepinfra","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there!","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":${usage}${top}}`;
/** Item 1: an unpriced model — usage counted, `total_nanos: 0`, no lines, no top-level cost_nanos. */
export const AIS_OK_UNPRICED = aisBody(`{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,${aisUnpriced}}`);
/** Item 2: the upstream sent no usage — usage {0,0,0} (plus the zero pricing) for a non-empty answer. */
export const AIS_OK_USAGE_MISSING = aisBody(`{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,${aisUnpriced}}`);
/** A real zero-price card: lines present with `line_nanos: 0`, so the top-level fields are there too — a true $0. */
const zeroLine = (dimension: string, q: number) =>
  `{"dimension":"${dimension}","quantity":${q},"billable_units":${q},"unit_size":1,"unit_price_usd":"0.000000000","line_cost_usd":"0.000000000","line_nanos":0,"billing_timestamp_basis":"request_start","billing_timestamp_basis_configured":"request_start","billing_timestamp_ms":1795804981494,"billing_timestamp_iso":"2026-11-27T18:43:01.494Z","pricing_time_window":null}`;
const zeroLines = `[${zeroLine('input_text_tokens', 12)},${zeroLine('output_text_tokens', 5)}]`;
export const AIS_OK_ZERO_PRICE = aisBody(
  `{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,"pricing":{"total_nanos":0,"total_usd_str":"0.000000000","total_cents":0,"currency":"USD","lines":${zeroLines}}}`,
  `,"cost_nanos":0,"cost_cents":0,"currency":"USD","pricing_lines":${zeroLines}`,
);
export const AIS_OK_C15 = `{"id":"G-01M8F52T7QCQNBJSRN06GPVZ7V","nativeResponseId":"chatcmpl-upstream123","object":"chat.completion","created":1767225600,"model":"test/chat-model-n1","provider":"deepinfra","provider_id":"deepinfra","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there!","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17,${aisPricing}},"cost_nanos":4800,"cost_cents":0,"currency":"USD","pricing_lines":[]}`;
