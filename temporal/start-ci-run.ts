import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { workflowIdFor } from '../domain/ids';
import type { CiTrigger } from '../domain/types';
import type { ciRunWorkflow } from '../workflows';
import type { CiRunInput, ManualStepRef } from '../workflows/ci-run.messages';
import { searchAttributesFor } from '../workflows/search-attributes';

export interface StartResult {
  workflowId: string;
  /** false when a run with this id already existed (a redelivered webhook) */
  started: boolean;
}

export interface StartCiRunRequest {
  trigger: CiTrigger;
  /** goes into the workflow id (`workflowIdFor`): the same request always maps onto the same run */
  runKey: string;
  /** the webhook payload, kept in the run's input for Starlark's `input.event` */
  event?: Record<string, unknown>;
  /** set when the run is a manual step started from its check run's Run button */
  manualStep?: ManualStepRef;
}

/**
 * Starts a `ciRunWorkflow` under the id derived from the request. `REJECT_DUPLICATE`: a redelivery (same
 * id) never starts a second run, even after the first has finished; it answers `started: false`.
 */
export async function startCiRun(client: Client, taskQueue: string, request: StartCiRunRequest): Promise<StartResult> {
  const { trigger, runKey, event, manualStep } = request;
  const workflowId = workflowIdFor(trigger, runKey);
  const input: CiRunInput = { trigger, ...(event ? { event } : {}), ...(manualStep ? { manualStep } : {}) };
  try {
    await client.workflow.start<typeof ciRunWorkflow>('ciRunWorkflow', {
      taskQueue,
      workflowId,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: searchAttributesFor(trigger),
    });
    return { workflowId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw err;
  }
}
