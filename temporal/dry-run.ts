import { randomUUID } from 'node:crypto';
import { TimeoutFailure, WorkflowFailedError, type Client } from '@temporalio/client';
import type { dryRunWorkflow, DryRunInput, DryRunResult } from '../workflows/dry-run';

/** The dry run's answer, or `timed-out` when no worker finished it in time. */
export type DryRunAnswer = DryRunResult | { kind: 'timed-out' };

/**
 * Runs `dryRunWorkflow` and waits for its answer. Throws only when Temporal could not be reached (the
 * route answers 503); everything the run itself says comes back as a value. `startWithin` bounds the start
 * request (the caller's deadline); `executionTimeoutMs` bounds the whole dry run.
 */
export async function runDryRun(
  client: Client,
  options: { taskQueue: string; executionTimeoutMs: number; startWithin: <T>(fn: () => Promise<T>) => Promise<T> },
  input: DryRunInput,
): Promise<DryRunAnswer> {
  const handle = await options.startWithin(() =>
    client.workflow.start<typeof dryRunWorkflow>('dryRunWorkflow', {
      taskQueue: options.taskQueue,
      // random: each request is its own dry run, and the id salts the Argo name (the original's random name)
      workflowId: `dry-run/${randomUUID()}`,
      args: [input],
      workflowExecutionTimeout: options.executionTimeoutMs,
    }),
  );
  try {
    return await handle.result();
  } catch (err) {
    if (err instanceof WorkflowFailedError) {
      if (err.cause instanceof TimeoutFailure) return { kind: 'timed-out' };
      return { kind: 'failed', message: err.cause?.message ?? err.message };
    }
    throw err;
  }
}
