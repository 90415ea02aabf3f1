/** Turns a job into the request one gateway receives: alias mapping, contract-case keys. */
import { Secret } from '../config/secret.ts';
import type { ResolvedGateway } from '../config/load.ts';
import { mapModel } from '../gateway/alias.ts';
import type { Attempted, ChatRequest, GatewayClient } from '../gateway/client.ts';
import type { Job } from './scheduler.ts';

/** What the runner needs of a gateway client (src/gateway/client.ts implements it). */
export type ChatSender = Pick<GatewayClient, 'send'>;
export type { Attempted, ChatRequest };

export interface ArmClient {
  gateway: ResolvedGateway;
  client: ChatSender;
  aliases: Readonly<Record<string, string>>;
}

/** A key of the right shape for the profile that no gateway will accept. */
export function invalidKeyFor(profile: ResolvedGateway['profile']): Secret {
  return new Secret(profile === 'aistats' ? 'phaseo_v1_sk_notakey_cutover' : 'cutover-invalid-key-0000000000');
}

export function buildRequest(job: Job, arm: ArmClient): ChatRequest {
  const c = job.case;
  const req: ChatRequest = {
    model: mapModel(c.model, { aliases: arm.aliases, profile: arm.gateway.profile }),
    messages: c.messages,
    params: c.params,
    stream: job.stream,
  };
  if (c.expectError === 'invalid-key' || c.expectError === 'invalid-key-and-model') {
    req.apiKeyOverride = invalidKeyFor(arm.gateway.profile);
  }
  return req;
}
