/**
 * ciRunWorkflow — one CI run, from "a commit wants building" to a concluded check run.
 *
 * Input: CiRunInput (the trigger: installation id, repo, sha, ref, requested entrypoint, PRs; no secrets).
 * Messages: runStatusQuery. Cancellation (a newer push supersedes this run, or an operator cancels it in the
 * Temporal UI) stops the Argo Workflow and concludes the check run `cancelled`.
 * Guarantees: at most one check run and one Argo Workflow per run (deterministic names, activities that
 * find what they made before making it); every path that created a check run concludes it.
 * Order: pipeline first, because the check-run name comes from its entrypoint (as in the original), then
 * check run → cache volume → submit → follow → finish.
 * Versioning: no patches yet.
 */
import { CancellationScope, log, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { decideRun } from '../domain/run-decision';
import { decorateWorkflow } from '../domain/decorate-workflow';
import { planCacheVolume } from '../domain/cache-volume';
import type { CiTrigger } from '../domain/types';
import * as act from './activity-proxies';
import { failureMessage, failureType, isCancellation } from './failures';
import { runStatusQuery, type CiRunInput, type CiRunOutcome, type CiRunResult, type RunStatus } from './ci-run.messages';
import { OutcomeAttribute } from './search-attributes';
import { invalidPipelineOutput, setupOutput, type PipelineErrorInfo } from './check-run-texts';

export async function ciRunWorkflow(input: CiRunInput): Promise<CiRunResult> {
  const { trigger } = input;
  const status: RunStatus = { stage: 'loading' };
  setHandler(runStatusQuery, () => status);
  const finish = (result: CiRunResult): CiRunResult => {
    Object.assign(status, { stage: 'done', outcome: result.outcome });
    upsertSearchAttributes([{ key: OutcomeAttribute, value: result.outcome }]);
    log.info('ci run finished', { outcome: result.outcome, reason: result.reason });
    return result;
  };

  const pipeline = await act.loadPipeline({ trigger });
  if (pipeline.kind === 'none') return finish({ outcome: 'no-pipeline', reason: pipeline.reason });
  if (pipeline.kind === 'invalid') {
    const checkRunId = await reportInvalidPipeline(trigger, pipeline.error);
    return finish({ outcome: 'invalid-pipeline', reason: pipeline.error.message, checkRunId });
  }

  const decision = decideRun({ trigger, workflow: pipeline.workflow, settings: pipeline.settings });
  if (decision.kind === 'skip') return finish({ outcome: 'skipped', reason: decision.reason });
  if (decision.kind === 'invalid') {
    const checkRunId = await reportInvalidPipeline(trigger, { message: decision.message, file: pipeline.file });
    return finish({ outcome: 'invalid-pipeline', reason: decision.message, checkRunId });
  }

  const { workflowId } = workflowInfo();
  await act.cancelSupersededRuns({ trigger, workflowId, startedAtMs: workflowInfo().startTime.getTime() });
  // Not cancellable: once GitHub has the check run, this run must live to conclude it.
  const checkRun = await CancellationScope.nonCancellable(() =>
    act.createCheckRun({ trigger, name: decision.checkRunName, externalId: decision.entrypoint, output: setupOutput }),
  );
  status.checkRunId = checkRun.id;

  const settings = pipeline.settings;
  const cache = planCacheVolume(decision.workflow, settings, {
    org: trigger.repo.owner,
    repo: trigger.repo.name,
    branch: trigger.ref,
  });
  const argoWorkflow = decorateWorkflow(decision.workflow, {
    repo: pipeline.repo,
    sha: trigger.sha,
    ref: trigger.ref,
    refType: trigger.refType,
    entrypoint: trigger.entrypoint,
    pullRequests: trigger.pullRequests,
    installationId: trigger.installationId,
    settings,
    salt: workflowId,
    checkRun: { id: checkRun.id, name: decision.checkRunName },
    // An existing-volume plan names a PVC the user manages (`cacheName` without scope/size): pass it on as is.
    ...(cache.kind === 'volume' || cache.kind === 'existing-volume' ? { cacheVolumeClaimName: cache.name } : {}),
  });
  const target = { namespace: settings.namespace, name: argoWorkflow.metadata.name ?? '' };
  const checkRunRef = { id: checkRun.id, name: decision.checkRunName };

  try {
    if (cache.kind === 'error') {
      await failCheckRun(trigger, checkRunRef, `creation of cache volume failed, ${cache.message}`);
      return finish({ outcome: 'failure', reason: cache.message, checkRunId: checkRun.id });
    }
    status.stage = 'submitting';
    if (cache.kind === 'volume') {
      const { kind: _kind, ...volume } = cache;
      await act.ensureCacheVolume({ volume: { ...volume, namespace: settings.namespace } });
    }
    await act.submitArgoWorkflow({ namespace: target.namespace, workflow: argoWorkflow });
    status.argoWorkflow = target;
    status.stage = 'running';
    const followed = await act.followArgoWorkflow({ trigger, ...target, checkRun: checkRunRef });
    status.stage = 'finishing';
    if (followed.kind === 'deleted') {
      await act.updateCheckRun({ trigger, checkRunId: checkRun.id, name: checkRunRef.name, status: 'completed', conclusion: 'cancelled' });
      return finish({ outcome: 'cancelled', reason: 'the Argo Workflow was deleted', checkRunId: checkRun.id, argoWorkflow: target });
    }
    const finished = await act.finishCheckRun({ trigger, ...target, checkRun: checkRunRef });
    return finish({ outcome: outcomeOf(finished.conclusion), checkRunId: checkRun.id, argoWorkflow: target });
  } catch (err) {
    if (isCancellation(err)) {
      // Superseded or cancelled by an operator: clean up even though this scope is cancelled.
      await CancellationScope.nonCancellable(async () => {
        await act.stopArgoWorkflow(target);
        await act.updateCheckRun({ trigger, checkRunId: checkRun.id, name: checkRunRef.name, status: 'completed', conclusion: 'cancelled' });
        finish({ outcome: 'cancelled', reason: 'superseded or cancelled', checkRunId: checkRun.id });
      });
      throw err;
    }
    log.warn('ci run failed', { type: failureType(err), message: failureMessage(err) });
    await failCheckRun(trigger, checkRunRef, failureMessage(err));
    finish({ outcome: 'failure', reason: failureMessage(err), checkRunId: checkRun.id });
    throw err;
  }
}

/** A check run that says why the pipeline could not be used; created and concluded as one step. */
async function reportInvalidPipeline(trigger: CiTrigger, error: PipelineErrorInfo): Promise<number> {
  return await CancellationScope.nonCancellable(async () => {
    const checkRun = await act.createCheckRun({ trigger, name: 'Default Workflow', output: setupOutput });
    await act.updateCheckRun({ trigger, checkRunId: checkRun.id, ...invalidPipelineOutput(error) });
    return checkRun.id;
  });
}

async function failCheckRun(trigger: CiTrigger, checkRun: { id: number; name: string }, message: string): Promise<void> {
  await act.updateCheckRun({
    trigger,
    checkRunId: checkRun.id,
    name: checkRun.name,
    status: 'completed',
    conclusion: 'failure',
    output: { title: 'Workflow Setup', summary: message },
  });
}

function outcomeOf(conclusion: string): CiRunOutcome {
  if (conclusion === 'success') return 'success';
  if (conclusion === 'cancelled') return 'cancelled';
  return 'failure';
}
