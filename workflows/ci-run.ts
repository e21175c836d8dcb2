/**
 * ciRunWorkflow — one CI run, from "a commit wants building" to a concluded check run.
 *
 * Input: CiRunInput (the trigger, the webhook payload for Starlark; no secrets). Messages: runStatusQuery,
 * manualStepUpdate. Cancellation (a newer push, a closed PR, an operator) stops the Argo Workflow and concludes
 * the check run `cancelled`.
 * Guarantees: at most one check run and one Argo Workflow per run (deterministic names, activities that
 * find what they made before making it); every path that created a check run concludes it, and a run that
 * closes without doing so (terminated, timed out, GitHub refused the conclusion) is left `CheckRunState =
 * open` for the reconciler (reconcile-check-runs.ts). An error of kube-ci's own workflow code fails the run
 * (a failed check run, `Outcome = failure`) instead of failing workflow tasks in a loop.
 * Order: pipeline and decision first (prepare-run.ts), because the check-run name comes from its entrypoint (as in
 * the original), then check run → cache volume → submit → follow → finish (run-on-argo.ts).
 * Versioning: shapes `0.1` to `0.6` (patches `run-shape-0.2` … `-0.6`), see run-shape.ts.
 */
import { CancellationScope, log, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import * as act from './activity-proxies';
import { asRunFailure, failureMessage, isCancellation } from './failures';
import { manualStepUpdate, runStatusQuery, type CiRunInput, type CiRunResult, type RunStatus } from './ci-run.messages';
import { succeededManualStep } from '../domain/manual-step-check-run';
import { ManualSteps } from './manual-steps';
import { runNotes, setupOutput } from './check-run-texts';
import { CheckRunState } from './check-run-state';
import { prepareRun } from './prepare-run';
import { runOnArgo, type RunOnArgoResult } from './run-on-argo';
import { runShape, shapeAtLeast, type RunShape } from './run-shape';
import { rebuiltFromHistory, runSteps, supersedeMeanwhile } from './run-steps';
import { OutcomeAttribute } from './search-attributes';

export async function ciRunWorkflow(input: CiRunInput): Promise<CiRunResult> {
  const rebuilt = rebuiltFromHistory();
  const status: RunStatus = { stage: 'loading' };
  setHandler(runStatusQuery, () => status);
  // Read once, at the start: a run keeps its shape for its whole life (run-shape.ts).
  const shape = runShape();
  const checkRunState = new CheckRunState(shape !== '0.1', status);
  const manualSteps = new ManualSteps(input.trigger, status, shapeAtLeast(shape, '0.3'));
  setHandler(manualStepUpdate, manualSteps.handle, { validator: manualSteps.validate });
  // Every way out sets the Outcome search attribute, cancellations and failures included.
  const finish = (result: CiRunResult): CiRunResult => {
    Object.assign(status, { stage: 'done', outcome: result.outcome });
    upsertSearchAttributes([{ key: OutcomeAttribute, value: result.outcome }, ...checkRunState.finalAttributes()]);
    log.info('ci run finished', { outcome: result.outcome, reason: result.reason });
    return result;
  };
  try {
    const { offered, ...result } = await runCi(input, { status, checkRunState, shape, rebuilt });
    if (input.manualStep && shapeAtLeast(shape, '0.3')) await reportManualStep(input, result);
    if (offered) {
      // The check run is concluded: say so now, not in 14 days, then wait for the buttons.
      upsertSearchAttributes([{ key: OutcomeAttribute, value: result.outcome }, ...checkRunState.finalAttributes()]);
      manualSteps.offer(offered.steps);
      status.stage = 'waiting';
      await manualSteps.waitForClicks(offered.waitMs);
    }
    await manualSteps.close();
    return finish({ ...result, ...(status.manualSteps ? { manualSteps: status.manualSteps } : {}) });
  } catch (err) {
    finish({
      outcome: isCancellation(err) ? 'cancelled' : 'failure',
      reason: failureMessage(err),
      ...madeSoFar(status),
    });
    throw asRunFailure(err);
  }
}

interface RunState {
  status: RunStatus;
  checkRunState: CheckRunState;
  shape: RunShape;
  /** the instance is rebuilt from history: a local activity may have run before (run-steps.ts) */
  rebuilt: boolean;
}

/**
 * A run of a manual step (its Run button): when it succeeded and the step is essential, the step's check run
 * turns `success`, so a branch protection that requires it passes. Not the run's verdict: a failure is logged.
 */
async function reportManualStep(input: CiRunInput, result: CiRunResult): Promise<void> {
  const step = input.manualStep!;
  if (!step.essential || result.outcome !== 'success') return;
  try {
    await act.updateCheckRun({
      trigger: input.trigger,
      checkRunId: step.checkRunId,
      ...succeededManualStep(step.checkRunName, input.trigger.sender),
    });
  } catch (err) {
    log.error('could not mark the essential step succeeded', { message: failureMessage(err) });
  }
}

async function runCi(input: CiRunInput, { status, checkRunState, shape, rebuilt }: RunState): Promise<RunOnArgoResult> {
  const { trigger } = input;
  const prepared = await prepareRun(input, { checkRunState, shape });
  if (prepared.kind === 'ended') return prepared.result;
  const { pipeline, decision, pipelineEntrypoint, warnings, prints } = prepared;

  const { workflowId, startTime } = workflowInfo();
  // The pipeline's entrypoint: a re-run that asked for it by name is superseded like a default run (replay-safe:
  // an activity's input is not part of the command sequence).
  const supersede = { trigger, workflowId, startedAtMs: startTime.getTime(), pipelineEntrypoint };
  const steps = runSteps(shape);
  // Shape 0.6 supersedes while it creates the check run and submits, not before (run-steps.ts).
  const superseding = shapeAtLeast(shape, '0.6') ? supersedeMeanwhile(supersede) : undefined;
  if (!superseding) await steps.cancelSupersededRuns(supersede);
  // Not cancellable: once GitHub has the check run, this run must live to conclude it.
  const create = { trigger, name: decision.checkRunName, externalId: decision.entrypoint, output: setupOutput };
  const mayExist = rebuilt ? { mayExist: true } : {};
  const checkRun = await CancellationScope.nonCancellable(() => steps.createCheckRun({ ...create, ...mayExist }));
  checkRunState.opened(checkRun.id);
  return await runOnArgo({
    shape,
    rebuilt,
    trigger,
    checkRunState,
    pipeline,
    decision,
    checkRun: { id: checkRun.id, name: decision.checkRunName },
    status,
    notes: runNotes({ warnings, prints }),
    ...(superseding ? { superseding } : {}),
    ...(input.event ? { event: input.event } : {}),
  });
}

/** What the run had made when it ended early: its check run and Argo Workflow, for the result. */
function madeSoFar(status: RunStatus): Pick<CiRunResult, 'checkRunId' | 'argoWorkflow'> {
  return {
    ...(status.checkRunId !== undefined ? { checkRunId: status.checkRunId } : {}),
    ...(status.argoWorkflow ? { argoWorkflow: status.argoWorkflow } : {}),
  };
}
