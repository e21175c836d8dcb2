import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Workflow } from '@temporalio/common';

export interface StartResult {
  workflowId: string;
  /** false when a workflow with this id already existed (a redelivered webhook, a press delivered twice) */
  started: boolean;
}

/**
 * Starts `workflowType` under `options.workflowId` at most once, ever: `REJECT_DUPLICATE`, so a second start of
 * the same id — even after the first has closed — finds it (`started: false`) instead of starting another.
 */
export async function startOnce<W extends Workflow>(
  client: Client,
  workflowType: string,
  options: Omit<WorkflowStartOptions<W>, 'workflowIdReusePolicy'>,
): Promise<StartResult> {
  const { workflowId } = options;
  try {
    await client.workflow.start<W>(workflowType, {
      ...options,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    } as WorkflowStartOptions<W>);
    return { workflowId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw err;
  }
}
