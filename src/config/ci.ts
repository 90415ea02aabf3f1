/** The CI environment cutover reacts to, read from the environment here like every other variable. */
import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface CiEnvironment {
  /** GITHUB_ACTIONS=true: the `github` reporter (annotations + job summary) is on by default. */
  githubActions: boolean;
  /** $GITHUB_STEP_SUMMARY: the file job summaries are appended to. */
  jobSummaryFile: string | undefined;
  /** $GITHUB_WORKSPACE: the checkout annotation paths are relative to (else the folder cutover runs in). */
  workspace: string | undefined;
}

export function ciEnvironment(env: Readonly<Record<string, string | undefined>>): CiEnvironment {
  return { githubActions: env['GITHUB_ACTIONS'] === 'true', jobSummaryFile: env['GITHUB_STEP_SUMMARY'] || undefined, workspace: env['GITHUB_WORKSPACE'] || undefined };
}

/**
 * A case's suite file as GitHub names files on a pull request: relative to the checkout
 * ($GITHUB_WORKSPACE, else `cwd`), so an annotation lands on the diff even when cutover runs in a
 * subfolder (the action's `working-directory`). Case files are relative to the suite folder's
 * parent (src/suite/load.ts); a file outside the checkout keeps that name.
 */
export function sourcePathIn(ci: CiEnvironment, suiteDir: string, cwd: string): (caseFile: string) => string {
  const root = resolve(cwd, suiteDir, '..');
  const base = resolve(cwd, ci.workspace ?? '.');
  return (caseFile) => {
    const rel = relative(base, resolve(root, caseFile));
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? caseFile : rel.split(sep).join('/');
  };
}
