import type { Client } from '@temporalio/client';
import { cacheClearWorkflowIdFor } from '../domain/ids';
import type { clearCachesWorkflow } from '../workflows';
import type { ClearCachesWorkflowInput } from '../workflows/clear-caches';
import { startOnce, type StartResult } from './start-once';

/**
 * Starts a `clearCachesWorkflow` under the id keyed on the webhook body (`cacheClearWorkflowIdFor`), once: a
 * redelivered press or event never clears twice; it answers `started: false`.
 */
export async function startCacheClear(
  client: Client,
  taskQueue: string,
  input: ClearCachesWorkflowInput,
): Promise<StartResult> {
  return await startOnce<typeof clearCachesWorkflow>(client, 'clearCachesWorkflow', {
    taskQueue,
    workflowId: cacheClearWorkflowIdFor(input.request.repo, input.request.key),
    args: [input],
  });
}
