import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CiTrigger } from '../domain/types';

/** Input of `ciRunWorkflow`. One object; new fields must be optional (running workflows replay old inputs). */
export interface CiRunInput {
  trigger: CiTrigger;
  /** the webhook payload that asked for the run (no secrets in it), for Starlark's `input.event` */
  event?: Record<string, unknown>;
  /** set when this run is a manual step started from its check run's Run button */
  manualStep?: ManualStepRef;
}

/** A manual step's check run (SPEC B 13.5), as a run of that step needs it. */
export interface ManualStepRef {
  checkRunId: number;
  /** `Workflow - <template>` */
  checkRunName: string;
  /** an essential step's check run (`action_required`) turns `success` when the step's run succeeds */
  essential: boolean;
}

export type CiRunOutcome = 'success' | 'failure' | 'cancelled' | 'skipped' | 'no-pipeline' | 'invalid-pipeline';

export interface CiRunResult {
  outcome: CiRunOutcome;
  /** why, for skipped / invalid runs */
  reason?: string;
  checkRunId?: number;
  argoWorkflow?: { namespace: string; name: string };
  /** the manual steps the run offered, as they were when it ended */
  manualSteps?: ManualStepStatus[];
}

/** What the run is doing now; answered from workflow state, no I/O. */
export interface RunStatus {
  /** `waiting`: the check run is concluded and the run waits for its manual steps' buttons */
  stage: 'loading' | 'submitting' | 'running' | 'finishing' | 'waiting' | 'done';
  checkRunId?: number;
  /** GitHub took the check run's conclusion */
  checkRunConcluded?: boolean;
  argoWorkflow?: { namespace: string; name: string };
  outcome?: CiRunOutcome;
  /** the manual steps this run offers, once their check runs exist */
  manualSteps?: ManualStepStatus[];
}

export type ManualStepState = 'offered' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface ManualStepStatus {
  template: string;
  checkRunId: number;
  essential: boolean;
  state: ManualStepState;
  /** workflow ids of the runs of this step, oldest first */
  runs: string[];
}

/** A press of a manual step's Run or Skip button, as the API hands it to the run that offered the step. */
export interface ManualStepClick {
  action: 'run' | 'skip';
  /** the step's template: its check run's `external_id` */
  template: string;
  checkRunId: number;
  /** the commit of the pressed check run; a click on another commit's check run is refused */
  sha: string;
  /** login of whoever pressed it */
  sender: string;
  deliveryId: string;
  /**
   * `action-<digest of the signed body>`: the update id and the run key of the step's run, so the same click
   * delivered twice is one update and one run, whichever way it arrives
   */
  clickKey: string;
  /** the webhook payload, for Starlark's `input.event` in the step's run */
  event?: Record<string, unknown>;
}

export type ManualStepClickResult = { kind: 'started'; workflowId: string } | { kind: 'skipped' };

export const runStatusQuery = defineQuery<RunStatus>('runStatus');

/**
 * Run or Skip on one of the run's manual steps. The validator refuses what cannot apply (an unknown step or
 * check run, another commit, a Run or Skip on a step that is running); refusals write nothing to history.
 */
export const manualStepUpdate = defineUpdate<ManualStepClickResult, [ManualStepClick]>('manualStep');
