import {
  isGrpcCancelledError,
  isGrpcDeadlineError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Workflow } from '@temporalio/common';

export interface StartResult {
  workflowId: string;
  /** false when a workflow with this id already existed (a redelivered webhook, a press delivered twice) */
  started: boolean;
}

/**
 * How long a start may take in all, retries included: a webhook is answered only after its start, and GitHub
 * gives a delivery 10 s; what is left covers the HTTP exchange and logging.
 */
export const START_BUDGET_MS = 8000;
/** share of the budget the first attempt may use; the rest checks whether it landed and tries once more */
const FIRST_ATTEMPT_SHARE = 0.5;

/**
 * Starts `workflowType` under `options.workflowId` at most once, ever: `REJECT_DUPLICATE`, so a second start of
 * the same id — even after the first has closed — finds it (`started: false`) instead of starting another.
 *
 * A busy Temporal (a burst on the dev server's SQLite file) can record a start and answer after the caller's
 * deadline. Answering 503 then would be wrong twice over (the run exists, and GitHub does not redeliver by
 * itself), so a start that ran out of time is checked: found means started; not found means it did not land,
 * and it is tried once more within what is left of `budgetMs`. Only a start that cannot be confirmed either
 * way throws.
 */
export async function startOnce<W extends Workflow>(
  client: Client,
  workflowType: string,
  options: Omit<WorkflowStartOptions<W>, 'workflowIdReusePolicy'>,
  budgetMs = START_BUDGET_MS,
): Promise<StartResult> {
  const { workflowId } = options;
  const end = Date.now() + budgetMs;
  const start = (until: number): Promise<StartResult> =>
    client.connection.withDeadline(until, async () => {
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
    });
  try {
    return await start(Date.now() + budgetMs * FIRST_ATTEMPT_SHARE);
  } catch (err) {
    // Under load gRPC may end an expired call as CANCELLED rather than DEADLINE_EXCEEDED: the same unknown outcome.
    if (!isGrpcDeadlineError(err) && !isGrpcCancelledError(err)) throw err;
  }
  if (await exists(client, workflowId, end)) return { workflowId, started: true };
  return await start(end);
}

/** Whether a workflow with this id exists (any run, open or closed), asked before `until`. */
async function exists(client: Client, workflowId: string, until: number): Promise<boolean> {
  try {
    await client.connection.withDeadline(until, () => client.workflow.getHandle(workflowId).describe());
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
