import { ApplicationFailure, log } from '@temporalio/activity';
import { Failure } from '../domain/failures';
import type { ArgoWorkflow } from '../domain/types';
import type { ActivityDeps } from './deps';
import type { PersistentVolumeClaimSpec } from './kubernetes/gateway';

export interface SubmitArgoWorkflowInput {
  namespace: string;
  workflow: ArgoWorkflow;
}

export interface ArgoWorkflowRef {
  namespace: string;
  name: string;
}

export function makeRunArgoWorkflow(deps: ActivityDeps) {
  /** Creates the run's cache PVC unless it exists. Idempotent by name. */
  async function ensureCacheVolume({ volume }: { volume: PersistentVolumeClaimSpec }): Promise<{ created: boolean }> {
    return await deps.kube.ensurePersistentVolumeClaim(volume);
  }

  /**
   * Submits the Argo Workflow. Its name is derived from the Temporal workflow id, so a retry that finds
   * the name taken checks that the object is this run's (same commit) and treats it as submitted.
   */
  async function submitArgoWorkflow({ namespace, workflow }: SubmitArgoWorkflowInput): Promise<ArgoWorkflowRef & { created: boolean }> {
    const { workflow: stored, created } = await deps.kube.createWorkflow(namespace, workflow);
    const shaKey = `${deps.settings.annotationPrefix}/sha`;
    const name = stored.metadata.name ?? '';
    if (!created && stored.metadata.annotations?.[shaKey] !== workflow.metadata.annotations?.[shaKey]) {
      throw ApplicationFailure.nonRetryable(`an Argo Workflow named ${name} already exists for another commit`, Failure.RunObjectRejected);
    }
    if (!created) log.info('argo workflow already submitted', { namespace, name });
    return { namespace, name, created };
  }

  /**
   * Stops a run's Argo Workflow the way the original does: `activeDeadlineSeconds: 0`, which Argo turns into
   * a failed workflow that kube-ci reports as `cancelled`. Gone already: nothing to do.
   */
  async function stopArgoWorkflow({ namespace, name }: ArgoWorkflowRef): Promise<{ stopped: boolean }> {
    if (!name) return { stopped: false };
    const patched = await deps.kube.patchWorkflow(namespace, name, { spec: { activeDeadlineSeconds: 0 } });
    return { stopped: patched !== null };
  }

  return { ensureCacheVolume, submitArgoWorkflow, stopArgoWorkflow };
}
