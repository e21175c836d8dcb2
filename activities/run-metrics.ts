/**
 * What the activities count about runs (metrics/runs.ts). Workflow code counts nothing: it runs again on every
 * replay. So a run is counted where an activity sends its check run's conclusion, and its submit latency where
 * the activity creating its Argo Workflow sees the run's start time.
 */
import { Context, log } from '@temporalio/activity';
import type { CiTrigger } from '../domain/types';
import { checkRunUpdateLagSeconds, runsTotal, runStartToArgoWorkflowSeconds } from '../metrics/runs';
import { secondsSince } from '../metrics/registry';
import type { UpdateCheckRunParams } from './github/gateway';

/** Manual-step check runs (offered, skipped, an essential one marked succeeded) conclude steps, not runs. */
const MANUAL_STEP_TITLE = /^Manual Step\b/;

/** Counts a concluded run: called once GitHub accepted its check run's conclusion. */
export function countRunConclusion(trigger: CiTrigger, conclusion: string): void {
  runsTotal.inc({ trigger: trigger.source, conclusion });
}

/** The conclusion of a run a check-run update carries, if it carries one (not a manual step's). */
export function runConclusionOf(params: UpdateCheckRunParams): string | undefined {
  if (params.status !== 'completed' || !params.conclusion) return undefined;
  if (MANUAL_STEP_TITLE.test(params.output?.title ?? '')) return undefined;
  return params.conclusion;
}

/** The lag of a conclusion behind the Argo Workflow's `finishedAt` (absent or unparsable: not observed). */
export function observeConclusionLag(finishedAt: string | undefined): void {
  const at = finishedAt ? Date.parse(finishedAt) : NaN;
  if (Number.isFinite(at)) checkRunUpdateLagSeconds.observe({ kind: 'conclusion' }, secondsSince(at));
}

export function observeProgressLag(changedAtMs: number): void {
  checkRunUpdateLagSeconds.observe({ kind: 'progress' }, secondsSince(changedAtMs));
}

/**
 * Run start → Argo Workflow created, the start time asked of Temporal (one describe per created Argo Workflow;
 * activity info does not carry the workflow's start). Best effort and not awaited: a metric never delays or
 * fails a run.
 */
export function observeRunStartToArgoWorkflow(): void {
  const ctx = Context.current();
  const execution = ctx.info.workflowExecution;
  if (!execution) return;
  const createdAt = Date.now();
  const describe = async () => {
    const description = await ctx.client.workflow.getHandle(execution.workflowId, execution.runId).describe();
    runStartToArgoWorkflowSeconds.observe(secondsSince(description.startTime.getTime(), createdAt));
  };
  describe().catch((err: unknown) =>
    log.debug('run start time not read for the submit latency metric', { message: String(err) }),
  );
}
