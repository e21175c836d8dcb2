import { ApplicationFailure, Context, log } from '@temporalio/activity';
import type { CacheVolumePlan } from '../domain/cache-volume';
import { Failure } from '../domain/failures';
import { planArgoWorkflow, type PlanArgoWorkflowInput } from '../domain/plan-argo-workflow';
import { manualStepsFor } from '../domain/manual-steps';
import { restorePipeline } from '../domain/pipeline-summary';
import type { ArgoWorkflow, CiTrigger, RepoInfo } from '../domain/types';
import type { LoadPipelineInput, LoadPipelineResult } from './load-pipeline';
import { pipelineDigest } from './pipeline-store';
import type { ActivityDeps } from './deps';
import type { PersistentVolumeClaimSpec } from './kubernetes/gateway';
import { observeRunStartToArgoWorkflow } from './run-metrics';

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

export interface SubmitPipelineInput {
  trigger: CiTrigger;
  repo: RepoInfo;
  /** the pipeline with the run decision applied, undecorated; for a large pipeline its summary (`stored` set) */
  workflow: ArgoWorkflow;
  stored?: { digest: string; event?: Record<string, unknown> };
  checkRun: { id: number; name: string };
}

export interface SubmitPipelineResult extends ArgoWorkflowRef {
  /** false when a retry found the Argo Workflow an earlier attempt created */
  created: boolean;
  /** the cache PVC the run mounts, when it has one */
  cacheVolume?: string;
  /**
   * Whether the submitted workflow has manual steps, or warnings about them, to offer once it succeeds
   * (domain/manual-steps.ts on the workflow as created); shape 0.5 calls offerManualSteps only then.
   */
  offersManualSteps: boolean;
  /** the heartbeat timeout the workflow gives followArgoWorkflow: this worker's setting (domain/follow-heartbeat.ts) */
  followHeartbeatTimeoutMs?: number;
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

  /**
   * Everything between a run's decision and its running Argo Workflow (SPEC B §8, §10): plans the cache
   * volume and the decoration here, in the activity, so the name a run follows is the name this code made
   * (a later release may name workflows differently without stranding runs in flight); ensures the cache
   * PVC (or requires the one the pipeline names), and creates the Argo Workflow. Idempotent: the name comes
   * from the Temporal workflow id, the PVC is ensured by name, and a retry that finds its workflow returns it.
   * A bad cache plan or a missing named volume is a non-retryable `CacheVolumeFailed`.
   */
  async function submitPipeline(input: SubmitPipelineInput): Promise<SubmitPipelineResult> {
    const { trigger, checkRun } = input;
    const salt = Context.current().info.workflowExecution?.workflowId;
    if (!salt) throw new Error('submitPipeline runs only inside a workflow');
    const pipeline = input.stored
      ? restorePipeline(await fullPipeline({ ...input.stored, trigger }), input.workflow)
      : input.workflow;
    const { settings } = deps;
    const { cache, workflow } = planOrRefuse({
      trigger,
      repo: input.repo,
      settings,
      workflow: pipeline,
      salt,
      checkRun,
    });
    await provideCacheVolume(cache, settings.namespace);
    const submitted = await createArgoWorkflow(settings.namespace, workflow);
    const cacheVolume = cache.kind === 'volume' || cache.kind === 'existing-volume' ? { cacheVolume: cache.name } : {};
    const offers = manualStepsFor({
      workflow,
      entrypoint: workflow.spec.entrypoint ?? '',
      branch: trigger.ref,
      defaultBranch: input.repo.defaultBranch,
      settings,
    });
    const offersManualSteps = offers.steps.length > 0 || offers.warnings.length > 0;
    const heartbeat = deps.followHeartbeatTimeoutMs ? { followHeartbeatTimeoutMs: deps.followHeartbeatTimeoutMs } : {};
    return { ...submitted, ...cacheVolume, offersManualSteps, ...heartbeat };
  }

  /** Planning is pure: what throws once throws on every retry, so it ends the run instead of retrying. */
  function planOrRefuse(input: PlanArgoWorkflowInput): ReturnType<typeof planArgoWorkflow> {
    try {
      return planArgoWorkflow(input);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw ApplicationFailure.nonRetryable(
        `kube-ci cannot use this pipeline: ${message}`,
        Failure.InvalidPipelineConfig,
      );
    }
  }

  async function provideCacheVolume(cache: CacheVolumePlan, namespace: string): Promise<void> {
    switch (cache.kind) {
      case 'none':
        return;
      case 'error':
        throw ApplicationFailure.nonRetryable(
          `creation of cache volume failed, ${cache.message}`,
          Failure.CacheVolumeFailed,
        );
      case 'existing-volume':
        return await requireCacheVolume({ namespace, name: cache.name, missingMessage: cache.missingMessage });
      case 'volume': {
        const { kind: _kind, ...volume } = cache;
        await ensureCacheVolume({ volume: { ...volume, namespace } });
      }
    }
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
    const workflow = input.stored ? restorePipeline(await fullPipeline(input.stored), input.workflow) : input.workflow;
    return await createArgoWorkflow(input.namespace, workflow);
  }

  async function createArgoWorkflow(
    namespace: string,
    workflow: ArgoWorkflow,
  ): Promise<ArgoWorkflowRef & { created: boolean }> {
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
    else observeRunStartToArgoWorkflow();
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

  return {
    submitPipeline,
    stopArgoWorkflow,
    // The 0.1 run shape (the workflow planned and decorated itself); kept while runs started by 0.1 may be open.
    ensureCacheVolume,
    requireCacheVolume,
    submitArgoWorkflow,
  };
}
