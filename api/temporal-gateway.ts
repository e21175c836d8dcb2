import { Client, WorkflowExecutionAlreadyStartedError, type Connection } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { workflowIdFor } from '../domain/ids';
import type { CiTrigger } from '../domain/types';
import type { CiRunInput } from '../workflows/ci-run.messages';
import {
  BranchAttribute,
  CommitAttribute,
  defaultEntrypointValue,
  EntrypointAttribute,
  PullRequestAttribute,
  RepoAttribute,
  TriggerAttribute,
} from '../workflows/search-attributes';

export interface StartResult {
  workflowId: string;
  /** false when a run with this id already existed (a redelivered webhook) */
  started: boolean;
}

/** The one place runs are started, signalled and queried. */
export interface TemporalGateway {
  /** `event` is the webhook payload, kept in the run's input for Starlark's `input.event` */
  startCiRun(trigger: CiTrigger, runKey: string, event?: Record<string, unknown>): Promise<StartResult>;
  /** true when the Temporal frontend answers its health check */
  isReachable(): Promise<boolean>;
}

export interface TemporalGatewayOptions {
  connection: Connection;
  namespace: string;
  taskQueue: string;
  /** how long a webhook may wait for Temporal before answering 503; GitHub gives up after 10 s */
  deadlineMs?: number;
}

export function createTemporalGateway(options: TemporalGatewayOptions): TemporalGateway {
  const client = new Client({ connection: options.connection, namespace: options.namespace });
  const deadlineMs = options.deadlineMs ?? 5000;
  const withDeadline = <T>(fn: () => Promise<T>): Promise<T> =>
    options.connection.withDeadline(Date.now() + deadlineMs, fn);

  return {
    async startCiRun(trigger, runKey, event) {
      const workflowId = workflowIdFor(trigger, runKey);
      const input: CiRunInput = { trigger, ...(event ? { event } : {}) };
      try {
        await withDeadline(() =>
          client.workflow.start('ciRunWorkflow', {
            taskQueue: options.taskQueue,
            workflowId,
            args: [input],
            // A redelivery (same id) must never start a second run, even after the first has finished.
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            typedSearchAttributes: searchAttributesFor(trigger),
          }),
        );
        return { workflowId, started: true };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
        throw err;
      }
    },
    async isReachable() {
      try {
        await withDeadline(() => options.connection.healthService.check({}));
        return true;
      } catch {
        return false;
      }
    },
  };
}

function searchAttributesFor(trigger: CiTrigger) {
  const pr = trigger.pullRequests[0];
  return [
    { key: RepoAttribute, value: `${trigger.repo.owner}/${trigger.repo.name}` },
    { key: BranchAttribute, value: trigger.ref },
    { key: CommitAttribute, value: trigger.sha },
    { key: TriggerAttribute, value: trigger.source },
    { key: EntrypointAttribute, value: trigger.entrypoint || defaultEntrypointValue },
    ...(pr ? [{ key: PullRequestAttribute, value: pr.number }] : []),
  ];
}
