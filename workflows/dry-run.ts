import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RenderDryRunInput, RenderDryRunResult } from '../activities/render-dry-run';

export type DryRunInput = Omit<RenderDryRunInput, 'salt'>;

/** What the render gave, or `failed` when it could not be done (unknown repository, no access, …). */
export type DryRunResult = RenderDryRunResult | { kind: 'failed'; message: string };

/**
 * Rendering reads GitHub and evaluates Starlark: a few transient retries, and a bound short enough that a
 * caller waiting on the HTTP answer gets one.
 */
const { renderDryRun } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '90 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3 },
});

/**
 * The HTTP API's dry run: one activity renders, decides and decorates; the workflow only carries the answer
 * back. Its own workflow id salts the Argo name, so every request gets a fresh name. History: the input, one
 * activity result and the same result returned (the activity keeps both under Temporal's payload limit).
 */
export async function dryRunWorkflow(input: DryRunInput): Promise<DryRunResult> {
  try {
    return await renderDryRun({ ...input, salt: workflowInfo().workflowId });
  } catch (err) {
    // A permanent failure (or retries used up) is the answer, not a workflow failure; timeouts still fail it.
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure)
      return { kind: 'failed', message: err.cause.message };
    throw err;
  }
}
