/**
 * How run-on-argo.ts ends a run's check run: the full report, or the conclusion Argo's phase gives; cancelled
 * (the Argo Workflow stopped first); failed with the reason. Each says what went wrong instead of throwing.
 */
import { CancellationScope, log } from '@temporalio/workflow';
import { publicErrorMessage } from '../domain/public-error-message';
import type { CiTrigger } from '../domain/types';
import * as act from './activity-proxies';
import type { CheckRunState } from './check-run-state';
import { failureMessage } from './failures';

/** What the conclusions need: the run's trigger and check run, and where to record that it is concluded. */
export interface Reporter {
  trigger: CiTrigger;
  checkRun: { id: number; name: string };
  checkRunState: CheckRunState;
}

/**
 * The full report (step table, annotations from logs); when it cannot be made within its bounded retries,
 * the conclusion Argo's phase gives, with the reason, so the check run still ends.
 */
export async function finishCheckRun(
  report: Reporter,
  run: { namespace: string; name: string; phase: string; notes: string | undefined },
): Promise<{ conclusion: string }> {
  const { trigger, checkRun } = report;
  try {
    return await act.finishCheckRun({
      trigger,
      namespace: run.namespace,
      name: run.name,
      checkRun,
      ...(run.notes ? { notes: run.notes } : {}),
    });
  } catch (err) {
    log.error('could not finish the check run report', { message: failureMessage(err) });
    const conclusion = run.phase === 'Succeeded' ? 'success' : 'failure';
    await act.updateCheckRun({
      trigger,
      checkRunId: checkRun.id,
      name: checkRun.name,
      status: 'completed',
      conclusion,
      output: {
        title: `Workflow Run (${run.namespace}/${run.name})`,
        summary: `The Argo Workflow ended ${run.phase}. kube-ci could not attach its step report: ${publicErrorMessage(failureMessage(err))}`,
      },
    });
    return { conclusion };
  }
}

/** Stops the Argo Workflow; a failure is returned as a sentence for the check run, never thrown. */
export async function stopArgoWorkflow(target: { namespace: string; name: string }): Promise<string | undefined> {
  try {
    await act.stopArgoWorkflow(target);
    return undefined;
  } catch (err) {
    log.error('could not stop the argo workflow', { ...target, message: failureMessage(err) });
    return `kube-ci could not stop the Argo Workflow ${target.name}: ${publicErrorMessage(failureMessage(err))}`;
  }
}

export async function concludeCancelled(report: Reporter, note?: string): Promise<void> {
  await act.updateCheckRun({
    trigger: report.trigger,
    checkRunId: report.checkRun.id,
    name: report.checkRun.name,
    status: 'completed',
    conclusion: 'cancelled',
    ...(note ? { output: { title: 'Workflow Cancelled', summary: note } } : {}),
  });
  report.checkRunState.concluded();
}

/** Non-cancellable: a cancel request arriving while GitHub is retried must not leave the check run open. */
export async function failCheckRun(report: Reporter, message: string): Promise<void> {
  await CancellationScope.nonCancellable(() =>
    act.updateCheckRun({
      trigger: report.trigger,
      checkRunId: report.checkRun.id,
      name: report.checkRun.name,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Workflow Setup', summary: message },
    }),
  );
  report.checkRunState.concluded();
}
