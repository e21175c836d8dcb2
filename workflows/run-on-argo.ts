/**
 * The second half of a CI run: with a check run created, submit the Argo Workflow (its cache volume
 * included), follow it and conclude the check run. Cancellation stops the Argo Workflow and concludes the
 * check run `cancelled`; any failure concludes it `failure` with the reason. Both conclusions run in
 * non-cancellable scopes, so a cancel request that arrives meanwhile cannot leave the check run open, and a
 * conclusion does not wait on a cleanup that failed (an Argo Workflow that cannot be stopped is said so).
 */
import { CancellationScope, log } from '@temporalio/workflow';
import { publicErrorMessage } from '../domain/public-error-message';
import type { RunDecision } from '../domain/run-decision';
import type { CiTrigger } from '../domain/types';
import type { LoadPipelineResult } from '../activities/load-pipeline';
import type { ArgoWorkflowRef } from '../activities/run-argo-workflow';
import type { OfferManualStepsResult } from '../activities/offer-manual-steps';
import * as act from './activity-proxies';
import type { CheckRunState } from './check-run-state';
import { runNotes } from './check-run-texts';
import type { CiRunOutcome, CiRunResult, RunStatus } from './ci-run.messages';
import { failureMessage, failureType, isCancellation } from './failures';
import { shapeAtLeast, type RunShape } from './run-shape';
import { submitAsReleased01 } from './run-shape-0.1';
import { concludeCancelled, failCheckRun, finishCheckRun, stopArgoWorkflow, type Reporter } from './run-conclusions';
import { runSteps } from './run-steps';

export interface RunOnArgoInput {
  shape: RunShape;
  /** the instance is rebuilt from history: a local activity may have run before (run-steps.ts) */
  rebuilt: boolean;
  trigger: CiTrigger;
  pipeline: Extract<LoadPipelineResult, { kind: 'found' }>;
  decision: Extract<RunDecision, { kind: 'run' }>;
  checkRun: { id: number; name: string };
  checkRunState: CheckRunState;
  status: RunStatus;
  /** warnings and print() output for the check-run text */
  notes: string | undefined;
  /** the webhook payload, for rendering a large pipeline again at submit */
  event?: Record<string, unknown>;
  /**
   * shape 0.6: the superseding of older runs, started with the check run (supersedeMeanwhile): its problems, as
   * warnings for the check run; the run follows its Argo Workflow once it is done
   */
  superseding?: Promise<string[]>;
}

/** How the run ended on Argo, and (shape 0.3, a workflow that succeeded) the manual steps it offers. */
export type RunOnArgoResult = CiRunResult & { offered?: OfferManualStepsResult };

/** What submitting gave: the Argo Workflow the run follows, or (shape 0.1's cache errors) the run's end. */
export type Submitted =
  | {
      kind: 'submitted';
      target: ArgoWorkflowRef;
      offersManualSteps?: boolean;
      followHeartbeatTimeoutMs?: number | undefined;
    }
  | { kind: 'ended'; result: CiRunResult };

export async function runOnArgo(input: RunOnArgoInput): Promise<RunOnArgoResult> {
  const { trigger, checkRun, status } = input;
  let { notes } = input;
  const report: Reporter = { trigger, checkRun, checkRunState: input.checkRunState };
  const base = { checkRunId: checkRun.id };
  const made: { target?: ArgoWorkflowRef } = {};

  try {
    const submitted =
      input.shape === '0.1'
        ? await submitAsReleased01(input, made, (message) => failCheckRun(report, message))
        : await submitAsCurrentShape(input, made);
    if (submitted.kind === 'ended') return submitted.result;
    const { target } = submitted;
    status.argoWorkflow = target;
    const supersedeProblems = input.superseding ? await input.superseding : [];
    notes = [runNotes({ warnings: supersedeProblems }), notes].filter(Boolean).join('\n') || undefined;
    status.stage = 'running';
    const follow = act.followArgoWorkflowWith(submitted.followHeartbeatTimeoutMs);
    const followed = await follow({ trigger, ...target, checkRun, ...(notes ? { notes } : {}) });
    status.stage = 'finishing';
    if (followed.kind === 'deleted') {
      await concludeCancelled(report);
      return { outcome: 'cancelled', reason: 'the Argo Workflow was deleted', ...base, argoWorkflow: target };
    }
    // The Argo Workflow has ended: its conclusion stands even if a cancel request arrives meanwhile.
    const { finished, offered } = await CancellationScope.nonCancellable(async () => {
      const offered =
        shapeAtLeast(input.shape, '0.3') && followed.phase === 'Succeeded' && offersAny(input.shape, submitted)
          ? await offerManualSteps(input, target)
          : undefined;
      const warnings = offered?.warnings.length ? runNotes({ warnings: offered.warnings }) : undefined;
      const allNotes = [warnings, notes].filter(Boolean).join('\n') || undefined;
      return { finished: await finishCheckRun(report, { ...target, phase: followed.phase, notes: allNotes }), offered };
    });
    report.checkRunState.concluded();
    return {
      outcome: outcomeOf(finished.conclusion),
      ...base,
      argoWorkflow: target,
      ...(offered?.steps.length ? { offered } : {}),
    };
  } catch (err) {
    if (isCancellation(err)) {
      // Superseded or cancelled by an operator: clean up even though this scope is cancelled.
      await CancellationScope.nonCancellable(async () => {
        const stopProblem = made.target ? await stopArgoWorkflow(made.target) : undefined;
        await concludeCancelled(report, stopProblem);
      });
      throw err;
    }
    log.warn('ci run failed', { type: failureType(err), message: failureMessage(err) });
    await failCheckRun(report, publicErrorMessage(failureMessage(err)));
    await input.superseding;
    throw err;
  }
}

/**
 * Shape 0.2: one activity plans the cache volume and the decoration and submits; the workflow follows the
 * name it returns. Not cancellable: a cancel that lands while the create request is in flight waits for it,
 * so the cleanup that follows stops the Argo Workflow that now exists instead of racing its creation.
 */
async function submitAsCurrentShape(input: RunOnArgoInput, made: { target?: ArgoWorkflowRef }): Promise<Submitted> {
  const { trigger, pipeline, decision, checkRun, event } = input;
  input.status.stage = 'submitting';
  const scope = CancellationScope.current();
  // Cancelled already (e.g. while the check run was being created): create nothing that would be stopped at once.
  if (scope.consideredCancelled) await scope.cancelRequested;
  // A large pipeline travels as a summary; the activity puts the template bodies back (pipeline-summary.ts).
  const stored = pipeline.stored ? { stored: { digest: pipeline.stored.digest, ...(event ? { event } : {}) } } : {};
  const submitted = await CancellationScope.nonCancellable(() =>
    runSteps(input.shape).submitPipeline({
      trigger,
      repo: pipeline.repo,
      workflow: decision.workflow,
      checkRun,
      ...stored,
    }),
  );
  made.target = { namespace: submitted.namespace, name: submitted.name };
  const { offersManualSteps, followHeartbeatTimeoutMs } = submitted;
  return { kind: 'submitted', target: made.target, offersManualSteps, followHeartbeatTimeoutMs };
}

/** Shape 0.5 asks offerManualSteps only when the submitted workflow has something to offer; before, always. */
function offersAny(shape: RunShape, submitted: Submitted): boolean {
  return !shapeAtLeast(shape, '0.5') || (submitted.kind === 'submitted' && submitted.offersManualSteps === true);
}

/**
 * The manual steps of a workflow that succeeded (SPEC B 13), their check runs created. Offering them is not
 * the run's verdict: when it cannot be done, the check run says so as a warning and the run goes on.
 */
async function offerManualSteps(input: RunOnArgoInput, target: ArgoWorkflowRef): Promise<OfferManualStepsResult> {
  try {
    return await runSteps(input.shape).offerManualSteps({
      trigger: input.trigger,
      ...target,
      defaultBranch: input.pipeline.repo.defaultBranch,
      ...(input.rebuilt ? { mayExist: true } : {}),
    });
  } catch (err) {
    log.error('could not offer the manual steps', { message: failureMessage(err) });
    const warning = `kube-ci could not offer the manual steps: ${publicErrorMessage(failureMessage(err))}`;
    return { steps: [], warnings: [warning], waitMs: 0 };
  }
}

function outcomeOf(conclusion: string): CiRunOutcome {
  if (conclusion === 'success') return 'success';
  if (conclusion === 'cancelled') return 'cancelled';
  return 'failure';
}
