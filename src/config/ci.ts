/** The CI environment cutover reacts to, read from the environment here like every other variable. */

export interface CiEnvironment {
  /** GITHUB_ACTIONS=true: the `github` reporter (annotations + job summary) is on by default. */
  githubActions: boolean;
  /** $GITHUB_STEP_SUMMARY: the file job summaries are appended to. */
  jobSummaryFile: string | undefined;
}

export function ciEnvironment(env: Readonly<Record<string, string | undefined>>): CiEnvironment {
  return { githubActions: env['GITHUB_ACTIONS'] === 'true', jobSummaryFile: env['GITHUB_STEP_SUMMARY'] || undefined };
}
