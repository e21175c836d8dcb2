/**
 * The API server's and controller manager's part in deleting a PVC, as far as kube-ci sees it:
 * - the StorageObjectInUseProtection admission plugin adds the `kubernetes.io/pvc-protection` finalizer to every
 *   new PVC;
 * - a DELETE of an object with finalizers only sets `deletionTimestamp` (the object is Terminating, a MODIFIED
 *   event), and an object whose last finalizer is removed while Terminating is deleted;
 * - the pvc-protection controller removes its finalizer from a Terminating PVC once no pod that has not ended
 *   (phase other than Succeeded/Failed) mounts it (pkg/controller/volume/pvcprotection).
 * Hand-written: this is the fake API server itself, there is no library for it.
 */
import type { KubeObject, ObjectStore } from './store';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
const PVCS = 'persistentvolumeclaims';

/** Admission: what a new object of `resource` gets before it is stored. */
export function admitNew(resource: string, object: KubeObject): void {
  if (resource !== PVCS) return;
  const finalizers = (object.metadata.finalizers as string[] | undefined) ?? [];
  if (!finalizers.includes(PVC_PROTECTION)) object.metadata.finalizers = [...finalizers, PVC_PROTECTION];
}

/**
 * A DELETE: gone at once without finalizers, else Terminating (deletionTimestamp set once). Returns the object
 * as the API server answers it (200 with the object in both cases), undefined when it does not exist.
 */
export function deleteWithFinalizers(
  store: ObjectStore,
  resource: string,
  namespace: string,
  name: string,
): KubeObject | undefined {
  const current = store.get(resource, namespace, name);
  if (!current) return undefined;
  const finalizers = (current.metadata.finalizers as string[] | undefined) ?? [];
  if (finalizers.length === 0) return store.delete(resource, namespace, name);
  if (current.metadata.deletionTimestamp) return current;
  current.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  current.metadata.deletionGracePeriodSeconds = 0;
  return store.replace(resource, current);
}

/** After an update: a Terminating object with no finalizers left is deleted. */
export function finishDeletion(store: ObjectStore, resource: string, object: KubeObject): void {
  const finalizers = (object.metadata.finalizers as string[] | undefined) ?? [];
  if (object.metadata.deletionTimestamp && finalizers.length === 0)
    store.delete(resource, object.metadata.namespace!, object.metadata.name!);
}

/** Names of the claims that pods which have not ended mount in `namespace`. */
function claimsInUse(store: ObjectStore, namespace: string): Set<string> {
  const used = new Set<string>();
  for (const pod of store.list('pods', namespace)) {
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const volumes = (pod.spec as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] })?.volumes ?? [];
    for (const volume of volumes)
      if (volume.persistentVolumeClaim?.claimName) used.add(volume.persistentVolumeClaim.claimName);
  }
  return used;
}

/** The pvc-protection controller: one pass over a namespace's Terminating claims. */
export function releaseUnusedClaims(store: ObjectStore, namespace: string): void {
  const used = claimsInUse(store, namespace);
  for (const pvc of store.list(PVCS, namespace)) {
    const finalizers = (pvc.metadata.finalizers as string[] | undefined) ?? [];
    if (!pvc.metadata.deletionTimestamp || !finalizers.includes(PVC_PROTECTION) || used.has(pvc.metadata.name!))
      continue;
    pvc.metadata.finalizers = finalizers.filter((f) => f !== PVC_PROTECTION);
    const stored = store.replace(PVCS, pvc);
    if (stored) finishDeletion(store, PVCS, stored);
  }
}

/**
 * Runs the controller after every pod or PVC change, as the real one reacts to informer events. Deferred to a
 * microtask so it never mutates the store inside another commit. Returns the unsubscribe function.
 */
export function runPvcProtection(store: ObjectStore): () => void {
  const pending = new Set<string>();
  return store.subscribe((event) => {
    if (event.resource !== 'pods' && event.resource !== PVCS) return;
    if (pending.has(event.namespace)) return;
    pending.add(event.namespace);
    queueMicrotask(() => {
      pending.delete(event.namespace);
      releaseUnusedClaims(store, event.namespace);
    });
  });
}
