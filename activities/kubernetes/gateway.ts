import type { ArgoWorkflow } from '../../domain/types';

export interface PersistentVolumeClaimSpec {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  storage: string;
  storageClassName?: string;
}

/** A listed PVC: what clearing caches needs of it. */
export interface PersistentVolumeClaimInfo {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** set while the PVC is Terminating (deleted, but a pod still mounts it: `kubernetes.io/pvc-protection`) */
  deletionTimestamp?: string;
}

export interface WorkflowWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  workflow: ArgoWorkflow;
}

/** Bounds on one pod-log read, passed to the API server as `limitBytes` and `tailLines`. */
export interface PodLogBounds {
  /** stop after this many bytes (the API server's `limitBytes`) */
  limitBytes?: number;
  /** only the last this many lines (the API server's `tailLines`, applied before `limitBytes`) */
  tailLines?: number;
}

/**
 * The only door to Kubernetes. Implemented over @kubernetes/client-node in `client-gateway.ts`.
 * 404 on get → null; 409 on create → the existing object is returned with `created: false`.
 * Every method here is a grant in the worker's Role (deploy/rbac.yaml, the chart): a new one needs a rule
 * there too, and test/activities/kubernetes/rbac-derivation.test.ts fails until both agree. Nothing deletes
 * Workflows (a stopped run is patched; Argo's TTL/GC cleans up), so the Role has no `delete` on them.
 */
export interface KubeGateway {
  createWorkflow(namespace: string, workflow: ArgoWorkflow): Promise<{ workflow: ArgoWorkflow; created: boolean }>;
  getWorkflow(namespace: string, name: string): Promise<ArgoWorkflow | null>;
  listWorkflows(namespace: string, labelSelector: string): Promise<ArgoWorkflow[]>;
  /** JSON merge patch (application/merge-patch+json); null when the workflow is gone. */
  patchWorkflow(namespace: string, name: string, patch: Record<string, unknown>): Promise<ArgoWorkflow | null>;
  /**
   * A long-lived watch of Workflows matching `labelSelector`, re-listing on 410 Gone and on
   * disconnects, until `signal` aborts. `onEvent` sees every object change in order.
   */
  watchWorkflows(
    namespace: string,
    labelSelector: string,
    onEvent: (event: WorkflowWatchEvent) => void,
    signal: AbortSignal,
    /** true once a watch stream is open on a listed state, false when it ends (dropped, failed, aborted) */
    onSync?: (synced: boolean) => void,
  ): Promise<void>;
  /**
   * Pod log text of one container, within `bounds`; null when the pod is gone. A log cut at `limitBytes`
   * loses its incomplete last line, so no half line is parsed as if it were whole.
   */
  readPodLog(namespace: string, pod: string, container: string, bounds?: PodLogBounds): Promise<string | null>;
  /**
   * Creates the PVC unless it exists. One still Terminating (deleted, mounted by a pod) is a retryable
   * `CacheVolumeTerminating` failure: a new run must not mount a volume on its way out.
   */
  ensurePersistentVolumeClaim(spec: PersistentVolumeClaimSpec): Promise<{ created: boolean }>;
  /** PVCs in `namespace` matching `labelSelector` (one page: cache volumes of one repository are few) */
  listPersistentVolumeClaims(namespace: string, labelSelector: string): Promise<PersistentVolumeClaimInfo[]>;
  /**
   * Deletes a PVC (background propagation); one already gone is fine. Kubernetes keeps a PVC that a pod
   * mounts Terminating until that pod ends (the `kubernetes.io/pvc-protection` finalizer).
   */
  deletePersistentVolumeClaim(namespace: string, name: string): Promise<void>;
  /** Whether the PVC exists; one still Terminating is a retryable `CacheVolumeTerminating`, as for ensure. */
  persistentVolumeClaimExists(namespace: string, name: string): Promise<boolean>;
}
