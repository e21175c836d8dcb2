/**
 * The steps of a run between its loaded pipeline and its followed Argo Workflow, as the run's shape calls them.
 * Shape 0.5 (run-shape.ts) runs them as local activities: each is one or two short requests, idempotent, and
 * heartbeats nothing, so it runs inside the workflow task that decided to run it instead of costing a task of
 * its own (issue 10: a default run has 4 workflow tasks, was 8, and 30 history events, was 51).
 *
 * A local activity whose workflow task never completed (its worker died) is run again from attempt 1 by the
 * next attempt of that task: `attempt > 1` then no longer tells "an earlier attempt may have made it".
 * {@link rebuiltFromHistory} gives the activities that hint instead (see there).
 */
import { log, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CancelSupersededRunsInput } from '../activities/supersede';
import { publicErrorMessage } from '../domain/public-error-message';
import { failureMessage, isCancellation } from './failures';
import * as act from './activity-proxies';
import { shapeAtLeast, type RunShape } from './run-shape';

/** The apiCall profile of activity-proxies.ts; a local retry past a minute waits on a timer, as Temporal does. */
const localApiCall = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '2 hours',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;

const local = proxyLocalActivities<Activities>(localApiCall);

/**
 * Shape 0.6: loadPipeline (with the decision) as a local activity. The pipelineLoad profile of
 * activity-proxies.ts without its heartbeat timeout, which a local activity has no use for: the worker running it
 * keeps the workflow task alive meanwhile (the SDK heartbeats the task when it outlasts the task timeout), and a
 * worker that dies is noticed when that task times out (10 s), as the heartbeat timeout noticed it before. Bounded
 * as before: the context folder (KUBECI_CONTEXT_MAX_*) and Starlark's limits bound one attempt, two minutes cut it
 * off, and retries stop after an hour.
 */
const localPipelineLoad = {
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;

/** Loads the pipeline and decides the run, as shape 0.6 does (activities/decide-loaded.ts). */
export const { loadPipeline: loadAndDecideLocally } = proxyLocalActivities<Activities>(localPipelineLoad);

/** Shape 0.6's cancelSupersededRuns: bounded at ten minutes of retries (see {@link supersedeMeanwhile}). */
const { cancelSupersededRuns: supersedeLocally } = proxyLocalActivities<Activities>({
  ...localApiCall,
  scheduleToCloseTimeout: '10 minutes',
});

/**
 * Shape 0.6: cancels the older runs this run supersedes (same branch and entrypoint group; a newer run is never
 * among them, domain/supersede.ts) while the check run is created and the Argo Workflow submitted, instead of
 * before them: the visibility list is off the path to the Argo Workflow. Started before the check run, as the
 * shapes before superseded, so a run whose submit fails supersedes too. Never rejects: it answers the problems, as
 * warnings for the check run. Failing is not this run's verdict (the older runs go on), and it is bounded because
 * the run follows its Argo Workflow once it is done; a cancelled run supersedes nothing more.
 */
export function supersedeMeanwhile(query: CancelSupersededRunsInput): Promise<string[]> {
  return supersedeLocally(query).then(
    () => [],
    (err: unknown) => {
      if (isCancellation(err)) return [];
      log.warn('could not cancel the superseded runs', { message: failureMessage(err) });
      return [`kube-ci could not cancel the older runs of this branch: ${publicErrorMessage(failureMessage(err))}`];
    },
  );
}

export type RunSteps = Pick<
  Activities,
  'cancelSupersededRuns' | 'createCheckRun' | 'submitPipeline' | 'offerManualSteps'
>;

const asActivities: RunSteps = {
  cancelSupersededRuns: act.cancelSupersededRuns,
  createCheckRun: act.createCheckRun,
  submitPipeline: act.submitPipeline,
  offerManualSteps: act.offerManualSteps,
};

const asLocalActivities: RunSteps = {
  cancelSupersededRuns: local.cancelSupersededRuns,
  createCheckRun: local.createCheckRun,
  submitPipeline: local.submitPipeline,
  offerManualSteps: local.offerManualSteps,
};

/** Activities for shapes up to 0.4 (their histories schedule them), local activities from 0.5 on. */
export function runSteps(shape: RunShape): RunSteps {
  return shapeAtLeast(shape, '0.5') ? asLocalActivities : asActivities;
}

/**
 * True when this workflow instance is being rebuilt from history (its first activation is a replay): the
 * worker that ran it before is gone, or evicted it, and a local activity of a task that never completed may
 * have done its work already. Then the activities that create (check runs) look first, as on a retried
 * attempt. A live run (the normal case: the instance cached since its first task) creates at once; an
 * instance evicted from the cache for no failure only costs one list request. Not part of the command
 * sequence: it only goes into activity input, which replay does not compare. Call it first thing in the
 * workflow function and keep the answer for the run.
 */
export function rebuiltFromHistory(): boolean {
  return workflowInfo().unsafe.isReplaying;
}
