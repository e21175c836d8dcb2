import type { Client } from '@temporalio/client';
import { refRunWorkflowIdFor } from '../domain/ids';
import type { RefTrigger } from '../domain/types';
import type { refRunWorkflow } from '../workflows';
import type { RefRunInput } from '../workflows/ref-run';
import { startOnce, type StartResult } from './start-once';

/** What `startRefRun` needs: the trigger without a sha, the run key, the webhook payload. */
export type StartRefRunRequest = RefRunInput;

/**
 * Starts a `refRunWorkflow` (resolve the ref, then start its CI run) under the id derived from the request, once:
 * a redelivery answers `started: false`. `workflowId` is the ref run's; the CI run's id is in its result.
 */
export async function startRefRun(
  client: Client,
  taskQueue: string,
  request: StartRefRunRequest,
): Promise<StartResult> {
  const trigger: RefTrigger = request.trigger;
  return await startOnce<typeof refRunWorkflow>(client, 'refRunWorkflow', {
    taskQueue,
    workflowId: refRunWorkflowIdFor(trigger, request.runKey),
    args: [request],
  });
}
