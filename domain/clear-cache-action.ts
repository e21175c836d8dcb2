import type { ArgoWorkflow, RunSettings } from './types';

export interface CheckRunButton {
  label: string;
  description: string;
  identifier: string;
}

/**
 * The "Clear Cache" button of a finished run (SPEC B 11.7), offered whenever the run used a cache volume —
 * from its `cacheScope` annotation or, unlike the original (G38), from `cacheDefaults.scope`.
 */
export function clearCacheAction(workflow: ArgoWorkflow, settings: RunSettings): CheckRunButton | undefined {
  const annotated = workflow.metadata.annotations?.[`${settings.annotationPrefix}/cacheScope`];
  const scope = annotated ?? settings.cacheDefaults.scope;
  if (!scope || scope === 'none') return undefined;
  return {
    label: 'Clear Cache',
    description: 'delete the cache volume for this build',
    identifier: scope === 'branch' ? 'clearCacheBranch' : 'clearCache',
  };
}
