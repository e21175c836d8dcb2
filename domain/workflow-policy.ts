import type { CacheOwner } from './cache-volume';
import { jsonCopy } from './json-copy';
import type { ArgoWorkflow, RunSettings } from './types';
import { checkCache } from './workflow-policy-cache';
import { checkPods, isObject } from './workflow-policy-pods';
import { forbidden, type PolicyViolation, type WorkflowPolicy } from './workflow-policy-types';

export * from './workflow-policy-types';
export { isOwnCacheName, ownCacheNames } from './workflow-policy-cache';

/** Who the run is for: the settings it carries (namespace, annotation prefix, cache defaults) and its repository. */
export interface PolicyContext {
  settings: RunSettings;
  /** the repository and the run's ref, as the cache plan names them */
  owner: CacheOwner;
}

export type PolicyResult =
  | {
      ok: true;
      /** the pipeline with the metadata kube-ci does not own taken out */
      workflow: ArgoWorkflow;
      /** paths of what was taken out, e.g. `metadata.ownerReferences` */
      stripped: string[];
    }
  | { ok: false; violations: PolicyViolation[] };

/**
 * Metadata a pipeline may set. Everything else under `metadata` is the API server's or a controller's
 * (uid, resourceVersion, creationTimestamp, managedFields, generation, …) or would tie the run to other
 * objects (ownerReferences: garbage collection with someone else's object; finalizers: a run nobody can
 * delete). It is stripped, not refused: `kubectl get -o yaml` output carries it, and it grants nothing
 * once removed. `name`/`generateName` are replaced by decorateWorkflow anyway.
 */
const OWN_METADATA = new Set(['name', 'generateName', 'namespace', 'labels', 'annotations']);

/**
 * The operator's workflow policy over one rendered pipeline (ci.yaml or ci.star), before anything is made
 * from it. Refuses, each unless its setting allows it: service accounts outside the allow-list,
 * `automountServiceAccountToken: true`, hostPath volumes, host namespaces, privileged containers and
 * privilege escalation, added capabilities, podSpecPatch (whose content is checked by the same rules),
 * `resource:` templates, PVC claims other than the run's own cache, and a cacheName outside the
 * repository's own names. Always refuses, with no setting:
 * - `status`: the Workflow CRD has no status subresource, so a pipeline's `status` (e.g. `phase: Succeeded`)
 *   would reach the controller and the check run as if the run had happened;
 * - a `metadata.namespace` other than the configured one. The original replaced it silently; refusing says
 *   why the pipeline does not run where it asks (its secrets, config maps and service accounts live there).
 * Returns every violation at once, in document order of the rules.
 */
export function checkWorkflowPolicy(
  workflow: ArgoWorkflow,
  policy: WorkflowPolicy,
  context: PolicyContext,
): PolicyResult {
  const violations: PolicyViolation[] = [];
  const { namespace } = context.settings;
  const metadata = isObject(workflow.metadata) ? workflow.metadata : {};
  const asked = metadata['namespace'];
  if (asked !== undefined && asked !== '' && asked !== namespace)
    violations.push(
      forbidden(
        ['metadata', 'namespace'],
        `runs go to the namespace ${JSON.stringify(namespace)} the operator configured; remove metadata.namespace`,
      ),
    );
  if (workflow.status !== undefined)
    violations.push(forbidden(['status'], 'the status of a Workflow is its controller’s to write; remove it'));

  const cache = checkCache(workflow, { policy, ...context });
  violations.push(...cache.violations);
  if (isObject(workflow.spec)) violations.push(...checkPods(workflow.spec, { policy, isOwnClaim: cache.isOwnClaim }));
  if (violations.length > 0) return { ok: false, violations };

  const result = jsonCopy(workflow);
  const stripped = Object.keys(result.metadata).filter((key) => !OWN_METADATA.has(key));
  for (const key of stripped) delete result.metadata[key];
  return { ok: true, workflow: result, stripped: stripped.map((key) => `metadata.${key}`) };
}

/** All violations as one check-run message, one per line. */
export function policyViolationMessage(violations: PolicyViolation[]): string {
  return violations.map((v) => v.message).join('\n');
}
