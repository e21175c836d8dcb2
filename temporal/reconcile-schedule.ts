import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { reconcileCheckRunsWorkflow } from '../workflows';

export const RECONCILE_SCHEDULE_ID = 'kube-ci-reconcile-check-runs';
/** Bounds one pass (a GitHub GET, and a PATCH when open, per run); the next pass takes the rest. */
export const RECONCILE_MAX_RUNS_PER_PASS = 500;

export interface ReconcileScheduleOptions {
  taskQueue: string;
  /** 0 turns the reconciler off (the schedule is deleted) */
  intervalMs: number;
  lookbackMs: number;
  maxRuns: number;
}

/**
 * Makes the namespace's reconcile schedule match this worker's settings: created when missing, updated when
 * present (every worker of a deployment writes the same settings, so the last start wins harmlessly),
 * deleted when the interval is 0. Passes never overlap: a slow pass makes the next one skip.
 */
export async function ensureReconcileSchedule(client: Client, options: ReconcileScheduleOptions): Promise<void> {
  const handle = client.schedule.getHandle(RECONCILE_SCHEDULE_ID);
  if (options.intervalMs === 0) {
    await handle.delete().catch((err: unknown) => {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    });
    return;
  }
  const spec = { intervals: [{ every: options.intervalMs }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'reconcileCheckRunsWorkflow',
    taskQueue: options.taskQueue,
    args: [{ lookbackMs: options.lookbackMs, maxRuns: options.maxRuns }] as Parameters<
      typeof reconcileCheckRunsWorkflow
    >,
  };
  try {
    await client.schedule.create({
      scheduleId: RECONCILE_SCHEDULE_ID,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await handle.update((previous) => ({ ...previous, spec, action }));
  }
}
