import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DEFAULT_FOLLOW_HEARTBEAT_TIMEOUT_MS } from '../domain/follow-heartbeat';

/**
 * Timeout and retry profiles, named by what the activity talks to. Permanent errors are thrown as
 * non-retryable ApplicationFailures by the gateways, so unlimited attempts only ever retry transient ones.
 */
/** One GitHub or Kubernetes API call: short, retried for up to two hours of outage. */
const apiCall = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '2 hours',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;

/**
 * Reading and rendering the pipeline: GitHub contents plus Starlark evaluation. It heartbeats while it works,
 * so a worker killed mid-load is noticed within the heartbeat timeout, not at the 2-minute bound.
 */
const pipelineLoad = {
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;

/**
 * Following an Argo Workflow: one activity for the whole run that heartbeats. A dead worker is noticed
 * within the heartbeat timeout and the activity resumes on another worker from the shared watch. The
 * timeout is the worker's setting (domain/follow-heartbeat.ts: what a longer one saves and costs).
 */
const followRun = {
  startToCloseTimeout: '7 days',
  // A cancelled run waits until the follower has really stopped: otherwise a progress update it is
  // sending could land on GitHub after the run concluded the check run `cancelled`.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const;

/**
 * Concluding a finished run: one pod log read per step (a heartbeat after each) and the annotation batches.
 * Bounded, unlike following: after ten failed attempts the run concludes the check run without the report.
 */
const finishRun = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
} as const;

/**
 * A `/kube-ci` or Slack command's steps (comment-command.ts, slack-command.ts): GitHub and Temporal calls, some
 * of them several requests (a deploy loads the pipeline), bounded at half an hour in all.
 */
const commandStep = {
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '30 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;

export const { createCheckRun, updateCheckRun } = proxyActivities<Activities>(apiCall);
export const { cancelSupersededRuns } = proxyActivities<Activities>(apiCall);
export const { submitPipeline, stopArgoWorkflow } = proxyActivities<Activities>(apiCall);
export const { offerManualSteps } = proxyActivities<Activities>(apiCall);
export const { checkAuthorised } = proxyActivities<Activities>(apiCall);
/** Shape 0.1 only (run-shape-0.1.ts). */
export const { ensureCacheVolume, requireCacheVolume, submitArgoWorkflow } = proxyActivities<Activities>(apiCall);
export const { loadPipeline } = proxyActivities<Activities>(pipelineLoad);
/**
 * followArgoWorkflow with the heartbeat timeout submitPipeline returned; without one (a run recorded before,
 * shape 0.1) the default. Activity options are not part of the command sequence: replay does not compare them.
 */
export function followArgoWorkflowWith(heartbeatTimeoutMs?: number): Activities['followArgoWorkflow'] {
  const heartbeatTimeout = heartbeatTimeoutMs ?? DEFAULT_FOLLOW_HEARTBEAT_TIMEOUT_MS;
  return proxyActivities<Activities>({ ...followRun, heartbeatTimeout }).followArgoWorkflow;
}
export const { finishCheckRun } = proxyActivities<Activities>(finishRun);
/** The activities of the command workflows, all with the `commandStep` profile. */
export const commandActivities = proxyActivities<Activities>(commandStep);
