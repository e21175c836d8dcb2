import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { cacheClearWorkflowIdFor } from '../domain/ids';
import type { clearCachesWorkflow } from '../workflows';
import type { ClearCachesWorkflowInput } from '../workflows/clear-caches';
import type { StartResult } from './start-ci-run';

/**
 * Starts a `clearCachesWorkflow` under the id keyed on the webhook body (`cacheClearWorkflowIdFor`).
 * `REJECT_DUPLICATE`: a redelivered press or event never clears twice; it answers `started: false`.
 */
export async function startCacheClear(
  client: Client,
  taskQueue: string,
  input: ClearCachesWorkflowInput,
): Promise<StartResult> {
  const workflowId = cacheClearWorkflowIdFor(input.request.repo, input.request.key);
  try {
    await client.workflow.start<typeof clearCachesWorkflow>('clearCachesWorkflow', {
      taskQueue,
      workflowId,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return { workflowId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw err;
  }
}
