import { Context, log } from '@temporalio/activity';
import { abandonedCheckRunConclusion, type ClosedRunStatus } from '../domain/abandoned-check-run';
import type { AbandonedRun } from '../temporal/gateway';
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
    const since = new Date(Date.now() - input.lookbackMs);
    const result = { examined: 0, concluded: 0 };
    for await (const run of deps.temporal.gateway.abandonedRuns(since, input.maxRuns)) {
      result.examined += 1;
      if (await concludeIfOpen(deps, run)) result.concluded += 1;
      Context.current().heartbeat(result);
    }
    if (result.concluded > 0) log.info('abandoned check runs concluded', { ...result });
    return result;
  };
}

async function concludeIfOpen(deps: ActivityDeps, run: AbandonedRun): Promise<boolean> {
  const { checkRunId, trigger } = run;
  if (checkRunId === undefined || !trigger) {
    log.warn('open check run without its id or trigger; skipped', { workflowId: run.workflowId });
    return false;
  }
  const at = githubTarget(trigger);
  const checkRun = await deps.github.getCheckRun(at, checkRunId);
  if (!checkRun || checkRun.status === 'completed') return false;
  const { conclusion, title, summary } = abandonedCheckRunConclusion(
    run.status as ClosedRunStatus,
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
