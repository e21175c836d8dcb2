/**
 * refRunWorkflow — a CI run of a ref whose commit is not known yet: a tag's `create` webhook (its payload has no
 * sha), and Slack's `/ci-build org/repo ref` (a branch or a tag, optionally an entrypoint).
 *
 * Input: RefRunInput (the trigger without its sha, the run key, the webhook payload). No messages.
 * Resolves the ref to its commit (activity `resolveRef`: `git.getRef`, and `git.getTag` to peel an annotated
 * tag, G31), then starts `ciRunWorkflow` as a child under `workflowIdFor(trigger, runKey)` — the id the run would
 * have had if the API had started it — with ParentClosePolicy ABANDON, so the run outlives this short workflow.
 * Guarantees: at most one CI run per input: the child id is derived from the input and the resolved commit, and
 * REJECT_DUPLICATE makes a retried start (a task retried after a worker crash) find the run it started. A ref
 * deleted before it was resolved ends with `not-found`, no run.
 * Versioning: first version, no patches.
 */
import { log, ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Activities } from '../activities';
import { Failure } from '../domain/failures';
import { workflowIdFor } from '../domain/ids';
import type { CiTrigger, RefTrigger } from '../domain/types';
import type { ciRunWorkflow } from './ci-run';
import { failureMessage, failureType } from './failures';
import { searchAttributesFor } from './search-attributes';

export interface RefRunInput {
  /** what to run: `ref` + `refType` name the commit; `entrypoint` '' = the pipeline's own */
  trigger: RefTrigger;
  /** goes into the CI run's workflow id (`workflowIdFor`), e.g. `tag-<body digest>` */
  runKey: string;
  /** the webhook payload, for Starlark's `input.event` */
  event?: Record<string, unknown>;
}

export type RefRunResult =
  { kind: 'started'; workflowId: string; sha: string; started: boolean } | { kind: 'not-found'; reason: string };

/** One GitHub read: short, retried through an outage of up to an hour. */
const { resolveRef } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Resolves the ref, then starts (once) the CI run of its commit. */
export async function refRunWorkflow({ trigger, runKey, event }: RefRunInput): Promise<RefRunResult> {
  let sha: string;
  try {
    ({ sha } = await resolveRef({ trigger }));
  } catch (err) {
    if (failureType(err) !== Failure.GitHubNotFound) throw err;
    log.info('ref not found, nothing to run', { ref: trigger.ref, message: failureMessage(err) });
    return { kind: 'not-found', reason: failureMessage(err) };
  }
  const run: CiTrigger = { ...trigger, sha };
  const workflowId = workflowIdFor(run, runKey);
  try {
    await startChild<typeof ciRunWorkflow>('ciRunWorkflow', {
      workflowId,
      args: [{ trigger: run, ...(event ? { event } : {}) }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: searchAttributesFor(run),
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return { kind: 'started', workflowId, sha, started: false };
  }
  log.info('ci run of ref started', { ref: trigger.ref, sha, workflowId });
  return { kind: 'started', workflowId, sha, started: true };
}
