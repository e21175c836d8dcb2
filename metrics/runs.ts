/** Run metrics, counted by the activities that conclude check runs and create Argo Workflows. */
import { Counter, Histogram } from 'prom-client';
import { LATENCY_BUCKETS, registry } from './registry';

/**
 * Runs concluded, by what triggered them (`CiTrigger.source`) and the conclusion their check run got (GitHub's
 * values: success, failure, cancelled, skipped, …). Counted when GitHub accepted the conclusion. Runs that make no
 * check run (no `.kube-ci/`, a policy skip) are not counted here: they conclude nothing on GitHub.
 */
export const runsTotal = new Counter({
  name: 'kubeci_runs_total',
  help: "CI runs whose check run was concluded, by trigger (the run's source event) and conclusion",
  labelNames: ['trigger', 'conclusion'] as const,
  registers: [registry],
});

export const runStartToArgoWorkflowSeconds = new Histogram({
  name: 'kubeci_run_start_to_argo_workflow_seconds',
  help: "Seconds from a CI run's Temporal workflow starting to its Argo Workflow being created",
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

/**
 * How long the check run lagged behind the Argo Workflow: `progress` from the worker seeing a change of the
 * Argo Workflow to GitHub accepting the update that shows it (coalescing by KUBECI_PROGRESS_INTERVAL included);
 * `conclusion` from the Argo Workflow's `finishedAt` to GitHub accepting the conclusion.
 */
export const checkRunUpdateLagSeconds = new Histogram({
  name: 'kubeci_check_run_update_lag_seconds',
  help: 'Seconds a check run lagged behind its Argo Workflow, by kind (progress, conclusion)',
  labelNames: ['kind'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});
