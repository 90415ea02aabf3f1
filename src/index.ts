/** The package API: what applications import at their gateway boundary. */
export { mapModel, canonicalModelId, splitModelId, inferOrg, type AliasOptions } from './gateway/alias.ts';
export { PROFILES, type GatewayProfile } from './gateway/profiles.ts';
export type { ProfileName, NormalisedError, ErrorKind, Usage, Cost } from './gateway/types.ts';
export { EXIT, CutoverError, ConfigError, SuiteError, BaselineError, GatewayError } from './errors.ts';
