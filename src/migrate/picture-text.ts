/** The few sentences the migration picture states, shared by the page, the PNG and the terminal. */
import { groupCounts, type MigrationPicture } from './picture.ts';

/** The migration guide's last step, and the check cutover offers for it. */
export const REMOVE_OLD_CONFIG =
  'After `migrate --write`, run `cutover inventory` on the application: when it reports no LLM_GATEWAY_* use left, that is the migration guide\'s "remove old config" check. Delete the old values from your secret store and CI only after production has run on the new gateway for a release cycle (`rollout --min-window`).';

export function headline(p: MigrationPicture): string {
  return p.wrote ? 'MIGRATED' : 'DRY RUN';
}

export function subline(p: MigrationPicture): string {
  const c = groupCounts(p);
  const parts = [`${c.environment} environment`, `${c.configuration} config`, `${c.code} code`].join(', ');
  const verb = p.wrote ? 'changed' : 'would change';
  const left = p.leftAlone.length ? `; ${p.leftAlone.length} left alone` : '';
  return `${p.files.length} file(s) ${verb} (${parts})${left}; ${p.variables.length} LLM_GATEWAY_* variable(s)`;
}
