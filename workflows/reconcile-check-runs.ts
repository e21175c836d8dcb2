/**
 * reconcileCheckRunsWorkflow — one pass of the check-run reconciler, started by the Temporal Schedule
 * `kube-ci-reconcile-check-runs` (worker/reconcile-schedule.ts) every KUBECI_RECONCILE_INTERVAL.
 *
 * Guarantee (with the schedule running): a check run whose ciRunWorkflow closed without concluding it —
 * terminated or cancelled by an operator, timed out, or refused its final update by GitHub — is concluded
 * within one interval of the run closing, provided the run closed within KUBECI_RECONCILE_LOOKBACK.
 * Input: { lookbackMs, maxRuns }. No messages. Versioning: no patches.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type {
  ConcludeAbandonedCheckRunsInput,
  ConcludeAbandonedCheckRunsResult,
} from '../activities/reconcile-check-runs';

const { concludeAbandonedCheckRuns } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  // A pass that keeps failing gives way to the next scheduled pass.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 3 },
});

export async function reconcileCheckRunsWorkflow(
  input: ConcludeAbandonedCheckRunsInput,
): Promise<ConcludeAbandonedCheckRunsResult> {
  return await concludeAbandonedCheckRuns(input);
}
