import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The tool version, from package.json (recorded in baselines and reports). */
export const VERSION: string = (require('../package.json') as { version: string }).version;
