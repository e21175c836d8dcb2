/**
 * The second half of a CI run: with a check run created, ensure the cache volume, submit the Argo
 * Workflow, follow it and conclude the check run. Cancellation stops the Argo Workflow and concludes the
 * check run `cancelled`; any failure concludes it `failure` with the reason. Both conclusions run in
 * non-cancellable scopes, so a cancel request that arrives meanwhile cannot leave the check run open.
 */
import { CancellationScope, log, workflowInfo } from '@temporalio/workflow';
import { planArgoWorkflow } from '../domain/plan-argo-workflow';
import type { RunDecision } from '../domain/run-decision';
import type { CiTrigger } from '../domain/types';
import type { LoadPipelineResult } from '../activities/load-pipeline';
import * as act from './activity-proxies';
import type { CiRunOutcome, CiRunResult, RunStatus } from './ci-run.messages';
import { failureMessage, failureType, isCancellation } from './failures';

export interface RunOnArgoInput {
  trigger: CiTrigger;
  pipeline: Extract<LoadPipelineResult, { kind: 'found' }>;
  decision: Extract<RunDecision, { kind: 'run' }>;
  checkRun: { id: number; name: string };
  status: RunStatus;
  /** warnings and print() output for the check-run text */
  notes: string | undefined;
  /** the webhook payload, for rendering a large pipeline again at submit */
  event?: Record<string, unknown>;
}

export async function runOnArgo({
  trigger,
  pipeline,
  decision,
  checkRun,
  status,
  notes,
  event,
}: RunOnArgoInput): Promise<CiRunResult> {
  const { settings } = pipeline;
  const { cache, workflow: argoWorkflow } = planArgoWorkflow({
    trigger,
    repo: pipeline.repo,
    settings,
    workflow: decision.workflow,
    salt: workflowInfo().workflowId,
    checkRun,
  });
  const target = { namespace: settings.namespace, name: argoWorkflow.metadata.name ?? '' };
  const base = { checkRunId: checkRun.id };
  const extra = notes ? { notes } : {};

  try {
    if (cache.kind === 'error') {
      await failCheckRun(trigger, checkRun, `creation of cache volume failed, ${cache.message}`);
      return { outcome: 'failure', reason: cache.message, ...base };
    }
    status.stage = 'submitting';
    if (cache.kind === 'existing-volume') {
      await act.requireCacheVolume({
        namespace: settings.namespace,
        name: cache.name,
        missingMessage: cache.missingMessage,
      });
    }
    if (cache.kind === 'volume') {
      const { kind: _kind, ...volume } = cache;
      await act.ensureCacheVolume({ volume: { ...volume, namespace: settings.namespace } });
    }
    // A large pipeline travels as a summary; the activity puts the template bodies back (pipeline-summary.ts).
    const stored = pipeline.stored
      ? { stored: { digest: pipeline.stored.digest, trigger, ...(event ? { event } : {}) } }
      : {};
    await act.submitArgoWorkflow({ namespace: target.namespace, workflow: argoWorkflow, ...stored });
    status.argoWorkflow = target;
    status.stage = 'running';
    const followed = await act.followArgoWorkflow({ trigger, ...target, checkRun, ...extra });
    status.stage = 'finishing';
    if (followed.kind === 'deleted') {
      await concludeCancelled(trigger, checkRun);
      return { outcome: 'cancelled', reason: 'the Argo Workflow was deleted', ...base, argoWorkflow: target };
    }
    // The Argo Workflow has ended: its conclusion stands even if a cancel request arrives meanwhile.
    const finished = await CancellationScope.nonCancellable(() =>
      act.finishCheckRun({ trigger, ...target, checkRun, ...extra }),
    );
    return { outcome: outcomeOf(finished.conclusion), ...base, argoWorkflow: target };
  } catch (err) {
    if (isCancellation(err)) {
      // Superseded or cancelled by an operator: clean up even though this scope is cancelled.
      await CancellationScope.nonCancellable(async () => {
        await act.stopArgoWorkflow(target);
        await concludeCancelled(trigger, checkRun);
      });
      throw err;
    }
    log.warn('ci run failed', { type: failureType(err), message: failureMessage(err) });
    await failCheckRun(trigger, checkRun, failureMessage(err));
    throw err;
  }
}

async function concludeCancelled(trigger: CiTrigger, checkRun: { id: number; name: string }): Promise<void> {
  await act.updateCheckRun({
    trigger,
    checkRunId: checkRun.id,
    name: checkRun.name,
    status: 'completed',
    conclusion: 'cancelled',
  });
}

/** Non-cancellable: a cancel request arriving while GitHub is retried must not leave the check run open. */
async function failCheckRun(
  trigger: CiTrigger,
  checkRun: { id: number; name: string },
  message: string,
): Promise<void> {
  await CancellationScope.nonCancellable(() =>
    act.updateCheckRun({
      trigger,
      checkRunId: checkRun.id,
      name: checkRun.name,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Workflow Setup', summary: message },
    }),
  );
}

function outcomeOf(conclusion: string): CiRunOutcome {
  if (conclusion === 'success') return 'success';
  if (conclusion === 'cancelled') return 'cancelled';
  return 'failure';
}
