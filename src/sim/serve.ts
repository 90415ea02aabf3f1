/** `serve-sim`: runs the simulated gateways on ports for manual curl/SDK use. */
import { PROFILES } from '../gateway/profiles.ts';
import { startSimulators, type SimHost, type SimServerSpec } from './host.ts';

export interface ServeSimOptions {
  specs: SimServerSpec[];
  print: (line: string) => void;
}

export async function serveSim(opts: ServeSimOptions): Promise<SimHost> {
  const host = await startSimulators(opts.specs);
  opts.specs.forEach((spec, i) => {
    const label = PROFILES[spec.profile].label;
    opts.print(`${label} (${spec.profile}${spec.sim.legacy ? ', legacy' : ''}): ${host.baseURLs[i] ?? '?'}`);
  });
  return host;
}
