import { Annotation, annotationKey } from './annotation-key';
import { planCacheVolume, type CacheOwner } from './cache-volume';
import { escape } from './escape';
import { hash } from './hash';
import { labelSafe } from './label-safe';
import type { ArgoWorkflow, RunSettings } from './types';
import { CLAIM_HINT, isObject } from './workflow-policy-pods';
import { refused, type PolicyViolation, type WorkflowPolicy } from './workflow-policy-types';

/** The run's own cache claim, as a template refers to it (Argo trims blanks inside `{{ }}`). */
const CACHE_CLAIM_REFERENCE = /^\{\{\s*workflow\.parameters\.cacheVolumeClaimName\s*\}\}$/;

/**
 * The cache names that belong to a repository, as domain/cache-volume.ts makes them: the project-scope
 * name `ci-project-<org>-<repo>-<hash(org, repo)>`, the branch-scope name of this run's branch, and any
 * name that starts with the project-scope name and a `-` (`ci-project-myorg-myrepo-xwjbveo1w-go`).
 *
 * The rule keys on the hash, not on the readable part: `escape` folds case, `_`, `.` and leading digits,
 * so `ci-project-a-b-c-…` is the same text for `a-b/c` and `a/b-c`, and `1org` and `org` escape alike.
 * A prefix without the hash would let one repository name another's cache.
 */
export function ownCacheNames(owner: CacheOwner): { project: string; branch: string } {
  return {
    project: escape(labelSafe('ci', 'project', owner.org, owner.repo, hash(owner.org, owner.repo))),
    branch: escape(labelSafe('ci', 'branch', owner.org, owner.repo, hash(owner.org, owner.repo, owner.branch))),
  };
}

export function isOwnCacheName(name: string, owner: CacheOwner): boolean {
  const own = ownCacheNames(owner);
  return name === own.project || name === own.branch || name.startsWith(`${own.project}-`);
}

export interface CacheRuleContext {
  policy: WorkflowPolicy;
  settings: RunSettings;
  owner: CacheOwner;
}

/**
 * The `cacheName` annotation and the `cacheVolumeClaimName` parameter. Returns the violations and the test
 * the pod rules use for `persistentVolumeClaim.claimName`: the reference to the run's cache parameter, or
 * the name of the cache this run plans (which the annotation rule has already checked).
 */
export function checkCache(
  workflow: ArgoWorkflow,
  ctx: CacheRuleContext,
): { violations: PolicyViolation[]; isOwnClaim: (claimName: string) => boolean } {
  const violations: PolicyViolation[] = [];
  const { policy, settings, owner } = ctx;
  const key = annotationKey(settings.annotationPrefix, Annotation.cacheName);
  const cacheName = workflow.metadata.annotations?.[key];
  if (
    typeof cacheName === 'string' &&
    cacheName !== '' &&
    !policy.allowOtherCaches &&
    !isOwnCacheName(cacheName, owner)
  ) {
    const own = ownCacheNames(owner);
    violations.push(
      refused(['metadata', 'annotations', key], 'allowOtherCaches', {
        value: JSON.stringify(cacheName),
        hint: `this repository's cache names are ${own.project}, ${own.branch} (this branch) or start with ${own.project}-`,
      }),
    );
  }

  const plan = planCacheVolume(workflow, settings, owner);
  const planned = plan.kind === 'volume' || plan.kind === 'existing-volume' ? plan.name : undefined;
  // Without a planned cache, decorateWorkflow keeps a user's `cacheVolumeClaimName` parameter: it would name any claim.
  const parameters = isObject(workflow.spec.arguments) ? workflow.spec.arguments.parameters : undefined;
  if (planned === undefined && !policy.allowOtherClaims && Array.isArray(parameters)) {
    parameters.forEach((parameter, i) => {
      if (isObject(parameter) && parameter['name'] === 'cacheVolumeClaimName')
        violations.push(
          refused(['spec', 'arguments', 'parameters', i], 'allowOtherClaims', {
            value: 'cacheVolumeClaimName',
            hint: `kube-ci sets this parameter when the run has a cache; ${CLAIM_HINT}`,
          }),
        );
    });
  }
  const isOwnClaim = (claimName: string): boolean =>
    CACHE_CLAIM_REFERENCE.test(claimName.trim()) || (planned !== undefined && claimName === planned);
  return { violations, isOwnClaim };
}
