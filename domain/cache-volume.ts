import { Annotation, annotationKey } from './annotation-key';
import { escape } from './escape';
import { hash } from './hash';
import { labelSafe } from './label-safe';
import type { ArgoWorkflow, RunSettings } from './types';

/** Whose cache it is. `branch` is the run's ref (branch or tag name). */
export interface CacheOwner {
  org: string;
  repo: string;
  branch: string;
}

/**
 * The cache PVC a run needs (SPEC B 10).
 * - `none`: no cache, no `cacheVolumeClaimName` parameter.
 * - `error`: the check run fails with "creation of cache volume failed, <message>".
 * - `volume`: ensure this PVC (create it if missing), pass its name as `cacheVolumeClaimName`.
 * - `existing-volume`: a `cacheName` the run must not create (no scope or size given, G37): use it
 *   if it exists; if not, fail with `missingMessage`.
 */
export type CacheVolumePlan =
  | { kind: 'none' }
  | { kind: 'error'; message: string }
  | {
      kind: 'volume';
      name: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
      storage: string;
      storageClassName?: string;
    }
  | { kind: 'existing-volume'; name: string; missingMessage: string };

const SIZE_MESSAGE = (prefix: string): string =>
  `cannot determine cache size, set a default or specify a "${annotationKey(prefix, Annotation.cacheSize)}" annotation`;

/** A Kubernetes resource quantity, e.g. `20Gi`, `500M`, `1e3` (k8s.io/apimachinery `resource.ParseQuantity`). */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/**
 * `pvc.go: ensurePVC` as a plan (SPEC B 10.1–10.4). Scope, size and storage class come from
 * `cacheDefaults`, overridden by the `cacheScope`/`cacheSize`/`cacheStorageClassName` annotations.
 * The name is `escape(labelSafe('ci', scope, org, repo, hash))`, e.g. `ci-project-myorg-myrepo-xwjbveo1w`,
 * replaced by the `cacheName` annotation when present.
 *
 * G37 fixed: with `cacheName`, scope and size are needed only to create the volume; without them
 * the plan is `existing-volume`.
 */
export function planCacheVolume(workflow: ArgoWorkflow, settings: RunSettings, owner: CacheOwner): CacheVolumePlan {
  const prefix = settings.annotationPrefix;
  const annotations = workflow.metadata.annotations ?? {};
  const read = (name: string, fallback: string): string => annotations[annotationKey(prefix, name)] ?? fallback;
  const scope = read(Annotation.cacheScope, settings.cacheDefaults.scope);
  const size = read(Annotation.cacheSize, settings.cacheDefaults.size);
  const storageClassName = read(Annotation.cacheStorageClassName, settings.cacheDefaults.storageClassName);
  const cacheName = annotations[annotationKey(prefix, Annotation.cacheName)];

  if (scope !== '' && scope !== 'none' && scope !== 'branch' && scope !== 'project') {
    return { kind: 'error', message: 'scope should be either none, branch or project' };
  }
  if (scope === '' || scope === 'none' || size === '') {
    if (cacheName !== undefined && cacheName !== '') {
      const why = scope === '' || scope === 'none' ? 'no cache scope is set' : SIZE_MESSAGE(prefix);
      return {
        kind: 'existing-volume',
        name: cacheName,
        missingMessage: `cache volume ${cacheName} does not exist and cannot be created: ${why}`,
      };
    }
    if (scope === '' || scope === 'none') return { kind: 'none' };
    return { kind: 'error', message: SIZE_MESSAGE(prefix) };
  }
  if (!QUANTITY.test(size))
    return { kind: 'error', message: `cache size "${size}" is not a valid quantity (e.g. 20Gi)` };

  const cacheHash = scope === 'branch' ? hash(owner.org, owner.repo, owner.branch) : hash(owner.org, owner.repo);
  const labels: Record<string, string> = {
    managedBy: settings.managedBy,
    org: labelSafe(owner.org),
    repo: labelSafe(owner.repo),
    scope: labelSafe(scope),
  };
  if (scope === 'branch') labels['cacheHash'] = labelSafe(cacheHash);
  const volumeAnnotations: Record<string, string> = {
    [annotationKey(prefix, Annotation.repo)]: owner.repo,
    [annotationKey(prefix, Annotation.org)]: owner.org,
  };
  if (scope === 'branch' && owner.branch !== '')
    volumeAnnotations[annotationKey(prefix, Annotation.branch)] = owner.branch;

  return {
    kind: 'volume',
    // The outer escape turns dots into dashes: GKE rejected dotted PVC names (SPEC B 10.3).
    name:
      cacheName !== undefined && cacheName !== ''
        ? cacheName
        : escape(labelSafe('ci', scope, owner.org, owner.repo, cacheHash)),
    labels,
    annotations: volumeAnnotations,
    storage: size,
    ...(storageClassName !== '' ? { storageClassName } : {}),
  };
}
