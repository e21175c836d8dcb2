import type { Cluster } from '../../fakes/kube/cluster';
import { PVC_PROTECTION } from '../../fakes/kube/pvc-protection';

const PVCS = 'persistentvolumeclaims';

/**
 * The kube-controller-manager's pvc-protection controller, which the real tier does not run: the real
 * server's StorageObjectInUseProtection admission adds `kubernetes.io/pvc-protection` to every PVC and a
 * DELETE leaves it Terminating; this removes the finalizer once no pod that has not ended mounts the claim
 * (then the real server deletes it). Same rule as the fake's (test/fakes/kube/pvc-protection.ts), here as a
 * client of the real API. Passes run one at a time, after every pod or PVC event. Returns the stop function.
 */
export function runPvcProtectionController(cluster: Cluster, namespace: string): () => void {
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  const pass = async () => {
    queued = false;
    const used = new Set<string>();
    for (const pod of await cluster.list('pods', namespace)) {
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      const volumes = (pod.spec as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] })?.volumes ?? [];
      for (const volume of volumes)
        if (volume.persistentVolumeClaim?.claimName) used.add(volume.persistentVolumeClaim.claimName);
    }
    for (const pvc of await cluster.list(PVCS, namespace)) {
      const finalizers = (pvc.metadata.finalizers as string[] | undefined) ?? [];
      if (!pvc.metadata.deletionTimestamp || !finalizers.includes(PVC_PROTECTION) || used.has(pvc.metadata.name!))
        continue;
      await cluster.update(PVCS, namespace, pvc.metadata.name!, (current) => {
        const now = (current.metadata.finalizers as string[] | undefined) ?? [];
        current.metadata.finalizers = now.filter((f) => f !== PVC_PROTECTION);
      });
    }
  };
  return cluster.subscribe((event) => {
    if ((event.resource !== 'pods' && event.resource !== PVCS) || queued) return;
    queued = true;
    running = running.then(pass).catch(() => undefined);
  });
}
