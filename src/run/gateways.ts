/**
 * Opens the two gateways of a target: real ones as configured, simulated ones started in a
 * child process on loopback ports chosen by the OS. One place, used by every command.
 */
import type { ResolvedGateway, ResolvedTarget } from '../config/load.ts';
import { startSimulators } from '../sim/host.ts';
import type { Role } from '../gateway/types.ts';
import type { GatewayInfo } from '../report/types.ts';

export interface OpenGateway extends ResolvedGateway {
  baseURL: string;
  simulated: boolean;
}

export interface OpenGateways {
  baseline: OpenGateway;
  candidate: OpenGateway;
  close(): Promise<void>;
}

export async function openGateways(target: ResolvedTarget): Promise<OpenGateways> {
  const roles: Role[] = ['baseline', 'candidate'];
  const simRoles = roles.filter((r) => target[r].baseURL === undefined && target[r].sim !== undefined);
  const host =
    simRoles.length > 0
      ? await startSimulators(
          simRoles.map((r) => {
            const g = target[r];
            if (!g.sim) throw new Error('unreachable');
            return { profile: g.profile, apiKey: g.apiKey.reveal(), sim: g.sim };
          }),
        )
      : null;
  const open = (r: Role): OpenGateway => {
    const g = target[r];
    const i = simRoles.indexOf(r);
    const url = i >= 0 ? host?.baseURLs[i] : g.baseURL;
    if (url === undefined) throw new Error(`no base URL for the ${r} gateway`);
    return { ...g, baseURL: url, simulated: i >= 0 };
  };
  return {
    baseline: open('baseline'),
    candidate: open('candidate'),
    close: async () => {
      await host?.close();
    },
  };
}

/** A gateway as it will be opened, without starting anything (a simulated one has no URL yet). */
export function plannedGateway(g: ResolvedGateway): OpenGateway {
  const simulated = g.baseURL === undefined && g.sim !== undefined;
  return { ...g, baseURL: g.baseURL ?? '', simulated };
}

/** What the reports say about a gateway: never a key, never credentials in the URL. */
export function gatewayInfo(g: OpenGateway): GatewayInfo {
  return { name: g.name, profile: g.profile, baseURL: publicBaseURL(g), simulated: g.simulated };
}

/** The base URL as safe to print and store: no credentials, and sims marked as such. */
export function publicBaseURL(g: OpenGateway): string {
  if (g.simulated) return `simulated:${g.profile}`;
  try {
    const u = new URL(g.baseURL);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}
