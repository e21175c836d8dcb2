/**
 * ciRunWorkflow with one deliberate, UNversioned change: superseded runs are cancelled before the pipeline
 * is loaded. replay.test.ts bundles this file to prove the replay suite catches such a change.
 */
import { workflowInfo } from '@temporalio/workflow';
import * as act from '../../../workflows/activity-proxies';
import { ciRunWorkflow as currentWorkflow } from '../../../workflows/ci-run';
import type { CiRunInput, CiRunResult } from '../../../workflows/ci-run.messages';

export async function ciRunWorkflow(input: CiRunInput): Promise<CiRunResult> {
  const { workflowId, startTime } = workflowInfo();
  await act.cancelSupersededRuns({ trigger: input.trigger, workflowId, startedAtMs: startTime.getTime() });
  return await currentWorkflow(input);
}
