/**
 * Checks made before the first measured request, so that a run that cannot work fails at once
 * with one clear message (exit 2) instead of a report full of connection errors.
 */
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ConfigError, EXIT, GatewayError } from '../errors.ts';
import { mapModel } from '../gateway/alias.ts';
import type { PromptCase } from '../suite/types.ts';
import type { OpenGateway } from './gateways.ts';

const CONNECT_TIMEOUT_MS = 5000;

/** Every model an ordinary case uses must map to an `org/model` id on an AI Stats gateway. */
export function checkModelMapping(cases: readonly PromptCase[], gateway: Pick<OpenGateway, 'profile' | 'name'>, aliases: Readonly<Record<string, string>>): void {
  if (gateway.profile !== 'aistats') return;
  const unmapped = new Map<string, string[]>();
  for (const c of cases) {
    if (c.expectError === 'invalid-model' || c.expectError === 'invalid-key-and-model') continue;
    const mapped = mapModel(c.model, { aliases, profile: gateway.profile });
    if (!mapped.includes('/')) unmapped.set(c.model, [...(unmapped.get(c.model) ?? []), c.id]);
  }
  if (unmapped.size > 0) {
    const list = [...unmapped].map(([m, ids]) => `"${m}" (cases ${ids.join(', ')})`).join('; ');
    throw new ConfigError(
      `model alias missing: ${list} cannot be mapped to an org/model id for the ${gateway.name} gateway; add it under "aliases" in eval.config.yaml`,
      'unknown-alias',
    );
  }
}

/** Open (and for https, handshake) one connection to the gateway's host. */
export async function checkReachable(g: Pick<OpenGateway, 'name' | 'role' | 'baseURL'>): Promise<void> {
  let url: URL;
  try {
    url = new URL(g.baseURL);
  } catch (cause) {
    throw new ConfigError(`the ${g.role} gateway "${g.name}" has an invalid baseURL`, 'config', { cause });
  }
  const secure = url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    const socket = secure
      ? tlsConnect({ host, port, servername: host, timeout: CONNECT_TIMEOUT_MS })
      : netConnect({ host, port, timeout: CONNECT_TIMEOUT_MS });
    const done = (err?: Error) => {
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.once(secure ? 'secureConnect' : 'connect', () => done());
    socket.once('timeout', () => done(Object.assign(new Error('connection timed out'), { code: 'ETIMEDOUT' })));
    socket.once('error', (e) => done(e));
  }).catch((e: NodeJS.ErrnoException) => {
    const why =
      e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
        ? `cannot resolve host ${host} (DNS: ${e.code})`
        : e.code === 'ECONNREFUSED'
          ? `connection refused at ${host}:${port}`
          : e.code === 'ETIMEDOUT'
            ? `no answer from ${host}:${port} within ${CONNECT_TIMEOUT_MS} ms`
            : secure && (e.code?.startsWith('ERR_SSL') || e.code?.includes('CERT') || /SSL|TLS|certificate/i.test(e.message))
              ? `TLS handshake with ${host}:${port} failed (${e.code ?? e.message})`
              : `${e.code ?? e.message}`;
    throw new GatewayError(`the ${g.role} gateway "${g.name}" is unreachable: ${why}`, 'unreachable', EXIT.usage, { cause: e });
  });
}
