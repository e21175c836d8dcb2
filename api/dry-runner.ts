import { randomUUID } from 'node:crypto';
import { Client, TimeoutFailure, WorkflowFailedError, type Connection } from '@temporalio/client';
import type { dryRunWorkflow, DryRunInput, DryRunResult } from '../workflows/dry-run';

/** The dry run's answer, or `timed-out` when no worker finished it in time. */
export type DryRunAnswer = DryRunResult | { kind: 'timed-out' };

/**
 * Runs `dryRunWorkflow` and waits for its answer. Throws only when Temporal could not be reached (the
 * route answers 503); everything the run itself says comes back as a value.
 */
export type DryRunner = (input: DryRunInput) => Promise<DryRunAnswer>;

export interface DryRunnerOptions {
  connection: Connection;
  namespace: string;
  taskQueue: string;
  /** how long starting the workflow may take before the request answers 503 */
  startDeadlineMs?: number;
  /** bound of the whole dry run; a caller waits at most this long */
  executionTimeoutMs?: number;
}

export function createDryRunner(options: DryRunnerOptions): DryRunner {
  const client = new Client({ connection: options.connection, namespace: options.namespace });
  const startDeadlineMs = options.startDeadlineMs ?? 5000;
  return async (input) => {
    const handle = await options.connection.withDeadline(Date.now() + startDeadlineMs, () =>
      client.workflow.start<typeof dryRunWorkflow>('dryRunWorkflow', {
        taskQueue: options.taskQueue,
        // random: each request is its own dry run, and the id salts the Argo name (the original's random name)
        workflowId: `dry-run/${randomUUID()}`,
        args: [input],
        workflowExecutionTimeout: options.executionTimeoutMs ?? 120_000,
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
  };
}
