import { planCacheVolume, type CacheVolumePlan } from './cache-volume';
import { decorateWorkflow } from './decorate-workflow';
import type { ArgoWorkflow, CiTrigger, RepoInfo, RunSettings } from './types';

export interface PlanArgoWorkflowInput {
  trigger: CiTrigger;
  repo: RepoInfo;
  settings: RunSettings;
  /** the pipeline with the run decision applied (entrypoint, deploy environment) */
  workflow: ArgoWorkflow;
  /** makes the Argo name unique per run and stable across retries (the Temporal workflow id) */
  salt: string;
  checkRun?: { id: number; name: string };
}

/**
 * What a run submits: its cache volume plan and the decorated Argo Workflow (SPEC B §8, §10). Shared by
 * real runs and the HTTP API's dry run, so a dry run shows exactly what a run would submit.
 */
export function planArgoWorkflow(input: PlanArgoWorkflowInput): { cache: CacheVolumePlan; workflow: ArgoWorkflow } {
  const { trigger, settings } = input;
  const cache = planCacheVolume(input.workflow, settings, {
    org: trigger.repo.owner,
    repo: trigger.repo.name,
    branch: trigger.ref,
  });
  const workflow = decorateWorkflow(input.workflow, {
    repo: input.repo,
    sha: trigger.sha,
    ref: trigger.ref,
    refType: trigger.refType,
    entrypoint: trigger.entrypoint,
    pullRequests: trigger.pullRequests,
    installationId: trigger.installationId,
    settings,
    salt: input.salt,
    ...(input.checkRun ? { checkRun: input.checkRun } : {}),
    // An existing-volume plan names a PVC the user manages (`cacheName` without scope/size): pass it on as is.
    ...(cache.kind === 'volume' || cache.kind === 'existing-volume' ? { cacheVolumeClaimName: cache.name } : {}),
  });
  return { cache, workflow };
}
