/**
 * Submitting as released 0.1 did (see run-shape.ts): the workflow plans the cache volume and the Argo
 * Workflow's decoration, then calls one activity per step. Kept unchanged so runs started by 0.1 replay;
 * delete it (and the three 0.1 activities) once no such run can still be open.
 */
import { workflowInfo } from '@temporalio/workflow';
import { planArgoWorkflow } from '../domain/plan-argo-workflow';
import type { ArgoWorkflowRef } from '../activities/run-argo-workflow';
import * as act from './activity-proxies';
import type { RunOnArgoInput, Submitted } from './run-on-argo';

/** `made.target` is set as soon as the name is planned, as 0.1 did: a cancel during submit stops that name. */
export async function submitAsReleased01(
  input: RunOnArgoInput,
  made: { target?: ArgoWorkflowRef },
  failCheckRun: (message: string) => Promise<void>,
): Promise<Submitted> {
  const { trigger, pipeline, decision, checkRun, event } = input;
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
  made.target = target;
  if (cache.kind === 'error') {
    await failCheckRun(`creation of cache volume failed, ${cache.message}`);
    return { kind: 'ended', result: { outcome: 'failure', reason: cache.message, checkRunId: checkRun.id } };
  }
  input.status.stage = 'submitting';
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
  const stored = pipeline.stored
    ? { stored: { digest: pipeline.stored.digest, trigger, ...(event ? { event } : {}) } }
    : {};
  await act.submitArgoWorkflow({ namespace: target.namespace, workflow: argoWorkflow, ...stored });
  return { kind: 'submitted', target };
}
