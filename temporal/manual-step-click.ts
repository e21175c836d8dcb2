import {
  ApplicationFailure,
  isGrpcCancelledError,
  isGrpcDeadlineError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { Failure } from '../domain/failures';
import { skipWorkflowIdFor } from '../domain/ids';
import type { CiTrigger } from '../domain/types';
import type { ciRunWorkflow, skipManualStepWorkflow } from '../workflows';
import {
  manualStepUpdate,
  type ManualStepClick,
  type ManualStepClickResult,
  type ManualStepRef,
} from '../workflows/ci-run.messages';
import { startCiRun } from './start-ci-run';
import { startOnce } from './start-once';

/** A Run or Skip press on a manual step's check run, decoded from the `check_run.requested_action` webhook. */
export interface ManualStepClickRequest {
  click: ManualStepClick;
  /** the run that offered the step (from the check run's details URL); absent on check runs of other versions */
  ownerWorkflowId?: string;
  /** the run of the step a Run press starts by itself when the owner has ended: entrypoint = the template */
  trigger: CiTrigger;
  step: ManualStepRef;
}

/**
 * - `delivered`: the owner run took the click (its update handler ran: a child run started, or the skip done);
 * - `refused`: the owner's validator refused it (the step is running, another commit's check run, …);
 * - `started`: the owner has ended (its wait ran out, it was cancelled) or is unknown, so the click was done
 *   without it: a run of the step, or a skip workflow. `started: false` when that run already existed;
 * - `unanswered`: Temporal is up, but the owner is open and did not take the click within the deadline (its
 *   worker is down or restarting, or the run cannot be replayed). The click may still be taken later under its
 *   update id, so a redelivery is the same press.
 */
export type ClickAnswer =
  | { kind: 'delivered'; ownerWorkflowId: string; result: ManualStepClickResult }
  | { kind: 'refused'; reason: string }
  | { kind: 'started'; workflowId: string; started: boolean }
  | { kind: 'unanswered'; ownerWorkflowId: string };

/**
 * Hands a click to the run that offered the step, as an update whose id is the click key (the same click
 * delivered twice is one update). When that run has ended, the click still happens exactly once: a Run starts
 * the step's run under the same id the owner would have given its child run (`workflowIdFor(trigger,
 * clickKey)`, REJECT_DUPLICATE), a Skip starts a skip workflow keyed on the click.
 */
export async function clickManualStep(
  client: Client,
  taskQueue: string,
  request: ManualStepClickRequest,
  within: <T>(fn: () => Promise<T>) => Promise<T>,
  isReachable: () => Promise<boolean>,
): Promise<ClickAnswer> {
  const { click, ownerWorkflowId } = request;
  if (ownerWorkflowId !== undefined) {
    try {
      const handle = client.workflow.getHandle<typeof ciRunWorkflow>(ownerWorkflowId);
      const result = await within(() =>
        handle.executeUpdate(manualStepUpdate, { args: [click], updateId: click.clickKey }),
      );
      return { kind: 'delivered', ownerWorkflowId, result };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && isRefusal(err.cause))
        return { kind: 'refused', reason: err.cause.message };
      // Out of time: either Temporal is down (the caller's 503 says so) or the owner did not answer, which is
      // worth telling apart for whoever reads the failed delivery on GitHub.
      if ((isGrpcDeadlineError(err) || isGrpcCancelledError(err)) && (await isReachable()))
        return { kind: 'unanswered', ownerWorkflowId };
      // Not found, closed ("workflow execution already completed"), or an update the owner took but could not
      // finish because it was closing: do the click without the owner (its ids make a repeat harmless).
      if (!(err instanceof WorkflowNotFoundError) && !(err instanceof WorkflowUpdateFailedError)) throw err;
    }
  }
  return await within(() => withoutOwner(client, taskQueue, request));
}

/** The owner's validator or handler refused the click (domain/failures.ts ManualStepRefused). */
function isRefusal(cause: Error | undefined): cause is ApplicationFailure {
  return cause instanceof ApplicationFailure && cause.type === Failure.ManualStepRefused;
}

async function withoutOwner(client: Client, taskQueue: string, request: ManualStepClickRequest): Promise<ClickAnswer> {
  const { click, trigger, step } = request;
  if (click.action === 'run') {
    const event = click.event;
    const started = await startCiRun(client, taskQueue, {
      trigger,
      runKey: click.clickKey,
      ...(event ? { event } : {}),
      manualStep: step,
    });
    return { kind: 'started', ...started };
  }
  const started = await startOnce<typeof skipManualStepWorkflow>(client, 'skipManualStepWorkflow', {
    taskQueue,
    workflowId: skipWorkflowIdFor(trigger.repo, click.checkRunId, click.clickKey),
    args: [{ trigger, checkRun: { id: step.checkRunId, name: step.checkRunName }, sender: click.sender }],
  });
  return { kind: 'started', ...started };
}
