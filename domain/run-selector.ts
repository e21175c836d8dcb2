import type { RunFacts } from './supersede';
import type { RepoRef } from './types';

/**
 * Running CI runs to cancel because what they build went away (issue 8): a closed pull request, a deleted
 * branch, a deleted or archived repository, a destroyed merge group.
 */
export interface RunSelector {
  repo: RepoRef;
  /** for the installation filter of the API (an event without one passes only when no filter is set) */
  installationId?: number;
  /** only runs on this branch (`Branch`) */
  branch?: string;
  /** only runs of this pull request (`PullRequest`) */
  pullRequest?: number;
  /**
   * runs asked for by a `deployment` webhook are left alone unless this is set: a deployment deploys a commit,
   * which outlives its branch or pull request; only a deleted or archived repository ends them
   */
  includeDeployments?: boolean;
  /** for logs and the webhook's answer: `pull request #3 closed`, `deleted branch x`, … */
  reason: string;
}

/** A running run as the selection sees it: its facts plus its `PullRequest` attribute. */
export interface SelectableRun extends Pick<RunFacts, 'workflowId' | 'source' | 'branch'> {
  pullRequest: number | undefined;
}

/** Whether `run` (already known to be a running run of `selector.repo`) is one the selector cancels. */
export function selects(selector: RunSelector, run: SelectableRun): boolean {
  if (run.source === 'deployment' && !selector.includeDeployments) return false;
  if (selector.branch !== undefined && run.branch !== selector.branch) return false;
  if (selector.pullRequest !== undefined && run.pullRequest !== selector.pullRequest) return false;
  return true;
}
