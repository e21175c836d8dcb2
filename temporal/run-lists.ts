import { defaultPayloadConverter, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import type { CiTrigger } from '../domain/types';
import type { CiRunInput } from '../workflows/ci-run.messages';
import {
  BranchAttribute,
  CheckRunIdAttribute,
  defaultEntrypointValue,
  EntrypointAttribute,
  TriggerAttribute,
} from '../workflows/search-attributes';

export interface OlderRunsQuery {
  trigger: CiTrigger;
  /** the run asking, never cancelled itself */
  workflowId: string;
  /** only runs that started before this */
  startedAtMs: number;
}

/**
 * Cancels the running `ciRunWorkflow`s of the same repository, branch and entrypoint that started before the
 * asking run (SPEC A2/G35: manual and deploy steps have other entrypoints and are left alone, and runs of a
 * `deployment` webhook each deploy their own environment). Each cancelled
 * run stops its own Argo Workflow and concludes its check run. Idempotent: cancelling twice is harmless.
 */
export async function cancelOlderRuns(client: Client, query: OlderRunsQuery): Promise<string[]> {
  const { trigger } = query;
  const entrypoint = trigger.entrypoint || defaultEntrypointValue;
  // Repo names are [A-Za-z0-9._-]; branch names may hold quotes, so branch and entrypoint are compared here.
  const visibility = `WorkflowType = 'ciRunWorkflow' AND ExecutionStatus = 'Running' AND Repo = '${trigger.repo.owner}/${trigger.repo.name}'`;
  const cancelled: string[] = [];
  for await (const run of client.workflow.list({ query: visibility })) {
    const attrs = run.typedSearchAttributes;
    if (run.workflowId === query.workflowId || attrs.get(TriggerAttribute) === 'deployment') continue;
    if (attrs.get(BranchAttribute) !== trigger.ref || attrs.get(EntrypointAttribute) !== entrypoint) continue;
    if (run.startTime.getTime() >= query.startedAtMs) continue;
    await client.workflow.getHandle(run.workflowId, run.runId).cancel();
    cancelled.push(run.workflowId);
  }
  return cancelled;
}

/** A closed run whose check run may still be open: what the reconciler needs to conclude it. */
export interface AbandonedRun {
  workflowId: string;
  /** Temporal's close status name: TERMINATED, CANCELLED, TIMED_OUT, FAILED, … */
  status: string;
  checkRunId: number | undefined;
  /** the trigger of its input; undefined when the first history event holds none */
  trigger: CiTrigger | undefined;
}

/** Runs that closed since `since` with `CheckRunState = 'open'`, newest visibility order, at most `max`. */
export async function* abandonedRuns(
  client: Client,
  namespace: string,
  since: Date,
  max: number,
): AsyncGenerator<AbandonedRun> {
  const query = `CheckRunState = 'open' AND ExecutionStatus != 'Running' AND CloseTime > '${since.toISOString()}'`;
  let seen = 0;
  for await (const run of client.workflow.list({ query, pageSize: 100 })) {
    if (seen >= max) return;
    seen += 1;
    yield {
      workflowId: run.workflowId,
      status: run.status.name,
      checkRunId: run.typedSearchAttributes.get(CheckRunIdAttribute),
      trigger: await startingTrigger(client, namespace, run),
    };
  }
}

/** The run's trigger, from the input of its first history event (one event read, whatever the history's length). */
async function startingTrigger(
  client: Client,
  namespace: string,
  run: WorkflowExecutionInfo,
): Promise<CiTrigger | undefined> {
  const page = await client.workflowService.getWorkflowExecutionHistory({
    namespace,
    execution: { workflowId: run.workflowId, runId: run.runId },
    maximumPageSize: 1,
  });
  const payload = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) return undefined;
  return defaultPayloadConverter.fromPayload<Partial<CiRunInput>>(payload).trigger;
}
