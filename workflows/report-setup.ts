/**
 * The check runs of a run that could not, or need not, get as far as Argo: created and concluded as one step, in a
 * non-cancellable scope (a cancel arriving meanwhile cannot leave them open).
 */
import { CancellationScope } from '@temporalio/workflow';
import type { CiTrigger } from '../domain/types';
import * as act from './activity-proxies';
import type { CheckRunState } from './check-run-state';
import {
  invalidPipelineOutput,
  pathSkippedOutput,
  setupFailureOutput,
  setupOutput,
  type PipelineErrorInfo,
} from './check-run-texts';

/** A failed `Default Workflow` check run that says why the run could not be set up. */
export async function reportSetupFailure(
  { trigger, checkRunState }: { trigger: CiTrigger; checkRunState: CheckRunState },
  reason: string,
): Promise<number> {
  return await CancellationScope.nonCancellable(async () => {
    const checkRun = await act.createCheckRun({ trigger, name: 'Default Workflow', output: setupOutput });
    checkRunState.opened(checkRun.id);
    await act.updateCheckRun({ trigger, checkRunId: checkRun.id, ...setupFailureOutput(reason) });
    checkRunState.concluded();
    return checkRun.id;
  });
}

/** A check run that says why the pipeline could not be used; created and concluded as one step. */
export async function reportInvalidPipeline(
  { trigger, checkRunState }: { trigger: CiTrigger; checkRunState: CheckRunState },
  error: PipelineErrorInfo,
  summary: string,
  notes: string | undefined,
): Promise<number> {
  return await CancellationScope.nonCancellable(async () => {
    const checkRun = await act.createCheckRun({ trigger, name: 'Default Workflow', output: setupOutput });
    checkRunState.opened(checkRun.id);
    await act.updateCheckRun({ trigger, checkRunId: checkRun.id, ...invalidPipelineOutput(error, summary, notes) });
    checkRunState.concluded();
    return checkRun.id;
  });
}

/** Shape 0.4: the run's own check run, concluded `skipped` because its change touches none of its paths. */
export async function reportPathSkip(
  { trigger, checkRunState }: { trigger: CiTrigger; checkRunState: CheckRunState },
  checkRun: { name: string; externalId: string },
  reason: string,
  notes: string | undefined,
): Promise<number> {
  return await CancellationScope.nonCancellable(async () => {
    const created = await act.createCheckRun({ trigger, ...checkRun, output: setupOutput });
    checkRunState.opened(created.id);
    await act.updateCheckRun({ trigger, checkRunId: created.id, ...pathSkippedOutput(checkRun.name, reason, notes) });
    checkRunState.concluded();
    return created.id;
  });
}
