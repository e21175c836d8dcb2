import { ApplicationFailure, log } from '@temporalio/activity';
import { Failure } from '../domain/failures';
import { restorePipeline } from '../domain/pipeline-summary';
import type { ArgoWorkflow, CiTrigger } from '../domain/types';
import type { LoadPipelineInput, LoadPipelineResult } from './load-pipeline';
import { pipelineDigest } from './pipeline-store';
import type { ActivityDeps } from './deps';
import type { PersistentVolumeClaimSpec } from './kubernetes/gateway';

export interface SubmitArgoWorkflowInput {
  namespace: string;
  /** the decorated Workflow, or for a large pipeline the decorated summary (then `stored` is set) */
  workflow: ArgoWorkflow;
  stored?: { digest: string; trigger: CiTrigger; event?: Record<string, unknown> };
}

export interface ArgoWorkflowRef {
  namespace: string;
  name: string;
}

export function makeRunArgoWorkflow(
  deps: ActivityDeps,
  renderPipeline: (input: LoadPipelineInput) => Promise<LoadPipelineResult>,
) {
  /** A large pipeline's full body: from this worker's store, else rendered again at the same commit. */
  async function fullPipeline(stored: NonNullable<SubmitArgoWorkflowInput['stored']>): Promise<ArgoWorkflow> {
    const kept = deps.pipelineStore.get(stored.digest);
    if (kept) return kept;
    const rendered = await renderPipeline({
      trigger: stored.trigger,
      ...(stored.event ? { event: stored.event } : {}),
    });
    if (rendered.kind !== 'found' || pipelineDigest(rendered.workflow) !== stored.digest) {
      throw ApplicationFailure.nonRetryable(
        'the pipeline rendered differently the second time at the same commit (does ci.star read the time or an https file that changed?)',
        Failure.InvalidPipelineConfig,
      );
    }
    deps.pipelineStore.put(stored.digest, rendered.workflow);
    return rendered.workflow;
  }

  /** Creates the run's cache PVC unless it exists. Idempotent by name. */
  async function ensureCacheVolume({ volume }: { volume: PersistentVolumeClaimSpec }): Promise<{ created: boolean }> {
    return await deps.kube.ensurePersistentVolumeClaim(volume);
  }

  /**
   * A volume the user named (`cacheName` without scope or size) must exist: kube-ci cannot create it.
   * Read-only, so retries are harmless; a missing volume fails the run with `missingMessage`.
   */
  async function requireCacheVolume(input: { namespace: string; name: string; missingMessage: string }): Promise<void> {
    if (!(await deps.kube.persistentVolumeClaimExists(input.namespace, input.name))) {
      throw ApplicationFailure.nonRetryable(input.missingMessage, Failure.CacheVolumeFailed);
    }
  }

  /**
   * Submits the Argo Workflow. Its name is derived from the Temporal workflow id, so a retry that finds
   * the name taken checks that the object is this run's (same commit) and treats it as submitted.
   */
  async function submitArgoWorkflow(input: SubmitArgoWorkflowInput): Promise<ArgoWorkflowRef & { created: boolean }> {
    const { namespace } = input;
    const workflow = input.stored ? restorePipeline(await fullPipeline(input.stored), input.workflow) : input.workflow;
    const { workflow: stored, created } = await deps.kube.createWorkflow(namespace, workflow);
    const shaKey = `${deps.settings.annotationPrefix}/sha`;
    const name = stored.metadata.name ?? '';
    if (!created && stored.metadata.annotations?.[shaKey] !== workflow.metadata.annotations?.[shaKey]) {
      throw ApplicationFailure.nonRetryable(
        `an Argo Workflow named ${name} already exists for another commit`,
        Failure.RunObjectRejected,
      );
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

  return { ensureCacheVolume, requireCacheVolume, submitArgoWorkflow, stopArgoWorkflow };
}
