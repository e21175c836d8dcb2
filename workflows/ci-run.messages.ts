import { defineQuery } from '@temporalio/workflow';
import type { CiTrigger } from '../domain/types';

/** Input of `ciRunWorkflow`. One object; new fields must be optional (running workflows replay old inputs). */
export interface CiRunInput {
  trigger: CiTrigger;
  /** the webhook payload that asked for the run (no secrets in it), for Starlark's `input.event` */
  event?: Record<string, unknown>;
}

export type CiRunOutcome = 'success' | 'failure' | 'cancelled' | 'skipped' | 'no-pipeline' | 'invalid-pipeline';

export interface CiRunResult {
  outcome: CiRunOutcome;
  /** why, for skipped / invalid runs */
  reason?: string;
  checkRunId?: number;
  argoWorkflow?: { namespace: string; name: string };
}

/** What the run is doing now; answered from workflow state, no I/O. */
export interface RunStatus {
  stage: 'loading' | 'submitting' | 'running' | 'finishing' | 'done';
  checkRunId?: number;
  /** GitHub took the check run's conclusion */
  checkRunConcluded?: boolean;
  argoWorkflow?: { namespace: string; name: string };
  outcome?: CiRunOutcome;
}

export const runStatusQuery = defineQuery<RunStatus>('runStatus');
