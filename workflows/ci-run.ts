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
 * Order: pipeline first, because the check-run name comes from its entrypoint (as in the original), then
 * check run → cache volume → submit → follow → finish (run-on-argo.ts).
 * Versioning: shapes `0.1` to `0.5` (patches `run-shape-0.2` … `-0.5`), see run-shape.ts.
 */
import { CancellationScope, log, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import * as act from './activity-proxies';
import { asRunFailure, failureMessage, failureType, isCancellation } from './failures';
import { Failure } from '../domain/failures';
import { publicErrorMessage } from '../domain/public-error-message';
import type { LoadPipelineResult } from '../activities/load-pipeline';
import { manualStepUpdate, runStatusQuery, type CiRunInput, type CiRunResult, type RunStatus } from './ci-run.messages';
import { succeededManualStep } from '../domain/manual-step-check-run';
import { ManualSteps } from './manual-steps';
import { runNotes, setupOutput } from './check-run-texts';
import { reportInvalidPipeline, reportPathSkip, reportSetupFailure } from './report-setup';
import { CheckRunState } from './check-run-state';
import { decideRunOf } from './decide-run';
import { runOnArgo, type RunOnArgoResult } from './run-on-argo';
import { runShape, shapeAtLeast, type RunShape } from './run-shape';
import { rebuiltFromHistory, runSteps } from './run-steps';
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
  let pipeline: LoadPipelineResult;
  try {
    pipeline = await act.loadPipeline({ trigger, ...(input.event ? { event: input.event } : {}) });
  } catch (err) {
    if (isCancellation(err)) throw err;
    // GitHub refuses to show the repository's files (e.g. the App lacks Contents: read): say so on GitHub.
    if (failureType(err) === Failure.GitHubPermissionDenied) {
      const reason = `kube-ci cannot read the pipeline: ${failureMessage(err)}`;
      const checkRunId = await reportSetupFailure({ trigger, checkRunState }, reason);
      return { outcome: 'failure', reason, checkRunId };
    }
    // Retried until its bound and still failing (an engine that keeps crashing on this script, a long outage):
    // the run fails, and the commit shows why instead of showing nothing.
    await reportSetupFailure(
      { trigger, checkRunState },
      `kube-ci could not load the pipeline: ${publicErrorMessage(failureMessage(err))}`,
    );
    throw err;
  }
  if (pipeline.kind === 'none') return { outcome: 'no-pipeline', reason: pipeline.reason };
  const prints = pipeline.prints ?? [];
  if (pipeline.kind === 'invalid') {
    // The original's wording for a pipeline that does not parse; a policy refusal is not a parse error.
    const lead = pipeline.error.reason === 'policy' ? 'pipeline refused' : 'unable to parse workflow';
    const summary = `${lead}, ${pipeline.error.message}`;
    const checkRunId = await reportInvalidPipeline(
      { trigger, checkRunState },
      pipeline.error,
      summary,
      runNotes({ prints }),
    );
    return { outcome: 'invalid-pipeline', reason: pipeline.error.message, checkRunId };
  }

  const decision = await decideRunOf(trigger, pipeline, shape);
  if (decision.kind === 'skip') return { outcome: 'skipped', reason: decision.reason };
  const paths = shapeAtLeast(shape, '0.4') ? pipeline.pathFilter : undefined;
  if (decision.kind === 'invalid') {
    const error = { message: decision.message, file: pipeline.file };
    const checkRunId = await reportInvalidPipeline(
      { trigger, checkRunState },
      error,
      decision.message,
      runNotes({ prints }),
    );
    return { outcome: 'invalid-pipeline', reason: decision.message, checkRunId };
  }

  if (paths?.kind === 'skip') {
    const checkRun = { name: decision.checkRunName, externalId: decision.entrypoint };
    const notes = runNotes({ warnings: decision.warnings, prints });
    const checkRunId = await reportPathSkip({ trigger, checkRunState }, checkRun, paths.reason, notes);
    return { outcome: 'skipped', reason: paths.reason, checkRunId };
  }
  const warnings = paths?.kind === 'unchecked' ? [...decision.warnings, paths.reason] : decision.warnings;

  const { workflowId, startTime } = workflowInfo();
  // The pipeline's entrypoint: a re-run that asked for it by name is superseded like a default run (replay-safe:
  // an activity's input is not part of the command sequence).
  const pipelineEntrypoint = pipeline.workflow.spec.entrypoint;
  const steps = runSteps(shape);
  await steps.cancelSupersededRuns({ trigger, workflowId, startedAtMs: startTime.getTime(), pipelineEntrypoint });
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
