import type { Client } from '@temporalio/client';
import { workflowIdFor } from '../domain/ids';
import type { CiTrigger } from '../domain/types';
import type { ciRunWorkflow } from '../workflows';
import type { CiRunInput, ManualStepRef } from '../workflows/ci-run.messages';
import { searchAttributesFor } from '../workflows/search-attributes';
import { startOnce, type StartResult } from './start-once';

export type { StartResult };

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
 * Starts a `ciRunWorkflow` under the id derived from the request, once: a redelivery (same id) never starts a
 * second run, even after the first has finished; it answers `started: false`.
 */
export async function startCiRun(client: Client, taskQueue: string, request: StartCiRunRequest): Promise<StartResult> {
  const { trigger, runKey, event, manualStep } = request;
  const input: CiRunInput = { trigger, ...(event ? { event } : {}), ...(manualStep ? { manualStep } : {}) };
  return await startOnce<typeof ciRunWorkflow>(client, 'ciRunWorkflow', {
    taskQueue,
    workflowId: workflowIdFor(trigger, runKey),
    args: [input],
    typedSearchAttributes: searchAttributesFor(trigger),
  });
}
