import { defaultPayloadConverter, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { selects, type RunSelector } from '../domain/run-selector';
import { supersedes, type RunFacts, type SupersedeAsk } from '../domain/supersede';
import type { CiTrigger, RepoRef } from '../domain/types';
import type { CiRunInput } from '../workflows/ci-run.messages';
import {
  BranchAttribute,
  CheckRunIdAttribute,
  CommitAttribute,
  EntrypointAttribute,
  PullRequestAttribute,
  PushedAtAttribute,
  RepoAttribute,
  TriggerAttribute,
} from '../workflows/search-attributes';

export type OlderRunsQuery = SupersedeAsk;

/** Repo names are `[A-Za-z0-9._-]` on GitHub; anything else is compared in code rather than put in a query. */
const QUERYABLE_NAME = /^[A-Za-z0-9._-]+$/;
/** Branch names may hold quotes and more; only these go into a query (the rest is compared in code). */
const QUERYABLE_BRANCH = /^[A-Za-z0-9._/-]+$/;

/**
 * Cancels the running `ciRunWorkflow`s of the same repository, branch and entrypoint group that the asking run
 * supersedes: older pushes, by GitHub's push time when both runs have one, else by start time (SPEC A2/G35 and
 * the rules of domain/supersede.ts). Each cancelled run stops its own Argo Workflow and concludes its check run.
 * Idempotent: cancelling twice is harmless.
 */
export async function cancelOlderRuns(client: Client, query: OlderRunsQuery): Promise<string[]> {
  // Only the same branch's runs can be superseded: asking for them keeps a burst of N pushes to one repository
  // from costing N listings of N runs each (measured by bench:load, where those listings timed out).
  const branch = query.trigger.ref;
  return await cancelRunning(
    client,
    query.trigger.repo,
    (run) => supersedes(query, factsOf(run)),
    QUERYABLE_BRANCH.test(branch) ? ` AND Branch = '${branch}'` : '',
  );
}

/** Cancels the running runs the selector names (a closed PR's, a deleted branch's or repository's); their ids. */
export async function cancelRuns(client: Client, selector: RunSelector): Promise<string[]> {
  return await cancelRunning(client, selector.repo, (run) =>
    selects(selector, { ...factsOf(run), pullRequest: run.typedSearchAttributes.get(PullRequestAttribute) }),
  );
}

async function cancelRunning(
  client: Client,
  repo: RepoRef,
  cancels: (run: WorkflowExecutionInfo) => boolean,
  narrower = '',
): Promise<string[]> {
  const full = `${repo.owner}/${repo.name}`;
  const safe = QUERYABLE_NAME.test(repo.owner) && QUERYABLE_NAME.test(repo.name);
  // The query only narrows the list: `cancels` decides on every run it returns (branch, entrypoint, push time).
  const visibility = `WorkflowType = 'ciRunWorkflow' AND ExecutionStatus = 'Running'${safe ? ` AND Repo = '${full}'` : ''}${narrower}`;
  const cancelled: string[] = [];
  for await (const run of client.workflow.list({ query: visibility })) {
    if (run.typedSearchAttributes.get(RepoAttribute) !== full || !cancels(run)) continue;
    await client.workflow.getHandle(run.workflowId, run.runId).cancel();
    cancelled.push(run.workflowId);
  }
  return cancelled;
}

function factsOf(run: WorkflowExecutionInfo): RunFacts {
  const attrs = run.typedSearchAttributes;
  return {
    workflowId: run.workflowId,
    source: attrs.get(TriggerAttribute),
    branch: attrs.get(BranchAttribute),
    entrypoint: attrs.get(EntrypointAttribute),
    sha: attrs.get(CommitAttribute),
    startedAtMs: run.startTime.getTime(),
    pushedAtMs: attrs.get(PushedAtAttribute)?.getTime(),
  };
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
