/**
 * The same change as reordered-activities.ts, done the house way (STYLE §2 rule 7): behind `patched()`.
 * Runs recorded before the patch replay with the old sequence, so the replay suite passes.
 */
import { patched, workflowInfo } from '@temporalio/workflow';
import * as act from '../../../workflows/activity-proxies';
import { ciRunWorkflow as currentWorkflow } from '../../../workflows/ci-run';
import type { CiRunInput, CiRunResult } from '../../../workflows/ci-run.messages';

export async function ciRunWorkflow(input: CiRunInput): Promise<CiRunResult> {
  if (patched('supersede-before-loading')) {
    const { workflowId, startTime } = workflowInfo();
    await act.cancelSupersededRuns({ trigger: input.trigger, workflowId, startedAtMs: startTime.getTime() });
  }
  return await currentWorkflow(input);
}
