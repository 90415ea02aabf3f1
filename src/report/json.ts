/** report.json: the RunReport itself, pretty-printed, keys in the order they were built. */
import type { Reporter } from './types.ts';

export const jsonReporter: Reporter = {
  name: 'json',
  file: 'report.json',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
};
