import { Context, log } from '@temporalio/activity';
import { defaultPayloadConverter, type WorkflowExecutionInfo } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { abandonedCheckRunConclusion, type ClosedRunStatus } from '../domain/abandoned-check-run';
import type { CiTrigger } from '../domain/types';
import type { ActivityDeps } from './deps';
import { githubTarget } from './github-target';
import { temporalRunUrl } from './report-status';

export interface ConcludeAbandonedCheckRunsInput {
  /** only runs that closed this recently are looked at */
  lookbackMs: number;
  /** at most this many runs per pass; the next pass takes the rest */
  maxRuns: number;
}

export interface ConcludeAbandonedCheckRunsResult {
  /** closed runs still marked `CheckRunState = open` */
  examined: number;
  /** check runs this pass concluded */
  concluded: number;
}

/**
 * The reconciler's one activity: finds runs that closed with `CheckRunState = 'open'` (a terminated run, a
 * timed-out run, a run whose final GitHub update was refused) and concludes their check runs. Safe to repeat:
 * a closed run's search attributes cannot change, so every pass within the lookback sees the run again, and
 * a check run GitHub already shows `completed` is left as it is (one GET per such run and pass).
 * Retry class: transient Temporal and GitHub errors fail the attempt; the next attempt starts over.
 */
export function makeConcludeAbandonedCheckRuns(deps: ActivityDeps) {
  return async function concludeAbandonedCheckRuns(
    input: ConcludeAbandonedCheckRunsInput,
  ): Promise<ConcludeAbandonedCheckRunsResult> {
    const { client } = deps.temporal;
    const since = new Date(Date.now() - input.lookbackMs).toISOString();
    const query = `CheckRunState = 'open' AND ExecutionStatus != 'Running' AND CloseTime > '${since}'`;
    const result = { examined: 0, concluded: 0 };
    for await (const run of client.workflow.list({ query, pageSize: 100 })) {
      if (result.examined >= input.maxRuns) break;
      result.examined += 1;
      if (await concludeIfOpen(deps, run)) result.concluded += 1;
      Context.current().heartbeat(result);
    }
    if (result.concluded > 0) log.info('abandoned check runs concluded', { ...result });
    return result;
  };
}

async function concludeIfOpen(deps: ActivityDeps, run: WorkflowExecutionInfo): Promise<boolean> {
  const checkRunId = run.typedSearchAttributes.get(CHECK_RUN_ID);
  const trigger = await startingTrigger(deps, run);
  if (checkRunId === undefined || !trigger) {
    log.warn('open check run without its id or trigger; skipped', { workflowId: run.workflowId });
    return false;
  }
  const at = githubTarget(trigger);
  const checkRun = await deps.github.getCheckRun(at, checkRunId);
  if (!checkRun || checkRun.status === 'completed') return false;
  const { conclusion, title, summary } = abandonedCheckRunConclusion(
    run.status.name as ClosedRunStatus,
    temporalRunUrl(deps, run.workflowId),
  );
  await deps.github.updateCheckRun(at, checkRunId, {
    name: checkRun.name,
    status: 'completed',
    conclusion,
    output: { title, summary },
  });
  log.info('abandoned check run concluded', { workflowId: run.workflowId, checkRunId, conclusion });
  return true;
}

/** The run's trigger, from the input of its first history event (one event read, whatever the history's length). */
async function startingTrigger(deps: ActivityDeps, run: WorkflowExecutionInfo): Promise<CiTrigger | undefined> {
  const { client, namespace } = deps.temporal;
  const page = await client.workflowService.getWorkflowExecutionHistory({
    namespace,
    execution: { workflowId: run.workflowId, runId: run.runId },
    maximumPageSize: 1,
  });
  const payload = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) return undefined;
  return defaultPayloadConverter.fromPayload<{ trigger?: CiTrigger }>(payload).trigger;
}

// The keys of workflows/search-attributes.ts, by name: activities/ may not import workflows/.
const CHECK_RUN_ID = defineSearchAttributeKey('CheckRunId', SearchAttributeType.INT);
