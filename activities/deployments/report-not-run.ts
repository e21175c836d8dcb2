import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { truncateText } from '../../domain/truncate-text';
import type { CiTrigger } from '../../domain/types';
import type { ActivityDeps } from '../deps';
import { githubTarget } from '../github-target';

/** GitHub refuses a deployment status description over 140 characters. */
const DESCRIPTION_LIMIT = 140;

/**
 * A run asked for by a `deployment` webhook that ends without running (its pipeline is invalid, its task is
 * not a deploy template, GitHub would not show the files) tells that deployment so with an `error` status, so
 * the deployment does not wait for a status that never comes (G10). Called before the failed `Default Workflow`
 * check-run update; `logUrl` is the run's page in the Temporal Web UI. Idempotent: a retry finds the `error` already newest and posts nothing. A permanent refusal
 * (no Deployments permission) is logged; a transient error is rethrown so the activity retries.
 */
export async function reportDeploymentNotRun(
  deps: ActivityDeps,
  trigger: CiTrigger,
  { why, logUrl }: { why: string; logUrl: string | undefined },
): Promise<void> {
  const asked = trigger.deployment;
  if (asked?.id === undefined) return;
  const at = githubTarget(trigger);
  try {
    const statuses = await deps.github.listDeploymentStatuses(at, asked.id);
    const newest = statuses.reduce<{ id: number; state: string } | undefined>(
      (a, b) => (a && a.id > b.id ? a : b),
      undefined,
    );
    if (newest?.state === 'error') return;
    await deps.github.createDeploymentStatus(at, asked.id, {
      state: 'error',
      description: truncateText(`kube-ci could not run ${asked.task}: ${why}`, DESCRIPTION_LIMIT, {
        marker: 'ellipsis',
      }),
      environment: asked.environment,
      autoInactive: true,
      ...(logUrl ? { logUrl } : {}),
    });
  } catch (err) {
    if (!(err instanceof ApplicationFailure) || !err.nonRetryable) throw err;
    log.warn('deployment not told the run could not start', { deployment: asked.id, message: err.message });
  }
}
