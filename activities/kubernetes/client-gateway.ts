import { ApplicationFailure } from '@temporalio/common';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { Failure } from '../../domain/failures';
import type { ArgoWorkflow } from '../../domain/types';
import { classifyKubeError, httpStatusOf } from './classify-kube-error';
import type { KubeGateway, PersistentVolumeClaimInfo, PersistentVolumeClaimSpec } from './gateway';
import { makeMeasuredApiClient } from './measured-api-client';
import { watchWorkflowsWithRelist, type WatchOptions } from './workflow-watch';

const WORKFLOWS = { group: 'argoproj.io', version: 'v1alpha1', plural: 'workflows' } as const;

export type KubeGatewayOptions = WatchOptions;

/** `undefined` for a 404, the classified error otherwise. */
async function orNullOn404<T>(action: string, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (httpStatusOf(error) === 404) return null;
    throw classifyKubeError(error, action);
  }
}

async function classified<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw classifyKubeError(error, action);
  }
}

/**
 * KubeGateway over @kubernetes/client-node 1.x (promise API with one request object per call).
 * Every error is classified once here (classify-kube-error.ts).
 */
export function createKubeGateway(kubeConfig: KubeConfig, options: KubeGatewayOptions = {}): KubeGateway {
  const custom = makeMeasuredApiClient(kubeConfig, CustomObjectsApi);
  const core = makeMeasuredApiClient(kubeConfig, CoreV1Api);

  const getWorkflow = (namespace: string, name: string) =>
    orNullOn404(
      `get workflow ${namespace}/${name}`,
      async () => (await custom.getNamespacedCustomObject({ ...WORKFLOWS, namespace, name })) as ArgoWorkflow,
    );

  const listWorkflowPage = async (namespace: string, labelSelector: string) =>
    classified(
      `list workflows in ${namespace}`,
      async () =>
        (await custom.listNamespacedCustomObject({ ...WORKFLOWS, namespace, labelSelector })) as {
          metadata: { resourceVersion: string };
          items: ArgoWorkflow[];
        },
    );

  return {
    async createWorkflow(namespace, workflow) {
      const name = workflow.metadata.name ?? workflow.metadata.generateName ?? '';
      try {
        const created = (await custom.createNamespacedCustomObject({
          ...WORKFLOWS,
          namespace,
          body: workflow,
        })) as ArgoWorkflow;
        return { workflow: created, created: true };
      } catch (error) {
        // 409: an earlier attempt of this (idempotent, deterministically named) create already succeeded
        if (httpStatusOf(error) === 409 && workflow.metadata.name) {
          const existing = await getWorkflow(namespace, workflow.metadata.name);
          if (existing) return { workflow: existing, created: false };
        }
        throw classifyKubeError(error, `create workflow ${namespace}/${name}`);
      }
    },

    getWorkflow,

    async listWorkflows(namespace, labelSelector) {
      return (await listWorkflowPage(namespace, labelSelector)).items;
    },

    patchWorkflow(namespace, name, patch) {
      // client-node picks json-patch+json, the first media type the spec lists, unless told otherwise
      const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
      return orNullOn404(
        `patch workflow ${namespace}/${name}`,
        async () =>
          (await custom.patchNamespacedCustomObject(
            { ...WORKFLOWS, namespace, name, body: patch },
            mergePatch,
          )) as ArgoWorkflow,
      );
    },

    watchWorkflows(namespace, labelSelector, onEvent, signal, onSync) {
      return watchWorkflowsWithRelist(
        { kubeConfig, list: () => listWorkflowPage(namespace, labelSelector), namespace, labelSelector },
        onEvent,
        signal,
        options,
        onSync,
      );
    },

    async readPodLog(namespace, pod, container, bounds = {}) {
      const text = await orNullOn404(`read log of pod ${namespace}/${pod}`, () =>
        core.readNamespacedPodLog({ namespace, name: pod, container, ...bounds }),
      );
      return text === null ? null : withoutCutLine(text, bounds.limitBytes);
    },

    async persistentVolumeClaimExists(namespace, name) {
      const found = await orNullOn404(`get pvc ${namespace}/${name}`, () =>
        core.readNamespacedPersistentVolumeClaim({ namespace, name }),
      );
      if (found?.metadata?.deletionTimestamp) throw stillTerminating(name);
      return found !== null;
    },
    async ensurePersistentVolumeClaim(spec) {
      const action = `ensure pvc ${spec.namespace}/${spec.name}`;
      const existing = await orNullOn404(action, () =>
        core.readNamespacedPersistentVolumeClaim({ namespace: spec.namespace, name: spec.name }),
      );
      if (existing?.metadata?.deletionTimestamp) throw stillTerminating(spec.name);
      if (existing) return { created: false };
      try {
        await core.createNamespacedPersistentVolumeClaim({ namespace: spec.namespace, body: pvcBody(spec) });
        return { created: true };
      } catch (error) {
        if (httpStatusOf(error) === 409) return { created: false };
        throw classifyKubeError(error, action);
      }
    },

    async listPersistentVolumeClaims(namespace, labelSelector) {
      const list = await classified(`list pvcs in ${namespace}`, () =>
        core.listNamespacedPersistentVolumeClaim({ namespace, labelSelector }),
      );
      return list.items.map((pvc): PersistentVolumeClaimInfo => {
        const deleting = pvc.metadata?.deletionTimestamp;
        return {
          name: pvc.metadata?.name ?? '',
          namespace: pvc.metadata?.namespace ?? namespace,
          labels: pvc.metadata?.labels ?? {},
          annotations: pvc.metadata?.annotations ?? {},
          ...(deleting ? { deletionTimestamp: new Date(deleting).toISOString() } : {}),
        };
      });
    },

    async deletePersistentVolumeClaim(namespace, name) {
      // 200 with the object, Terminating until no pod mounts it (pvc-protection); a 404: already gone.
      await orNullOn404(`delete pvc ${namespace}/${name}`, () =>
        core.deleteNamespacedPersistentVolumeClaim({ namespace, name, propagationPolicy: 'Background' }),
      );
    },
  };
}

/**
 * When the API server stopped at `limitBytes`, the last line is (likely) incomplete: drop it. "Reached"
 * allows a few bytes either way — the server may send slightly more or less, and a cut multi-byte character
 * decodes to U+FFFD (3 bytes).
 */
function withoutCutLine(text: string, limitBytes: number | undefined): string {
  if (limitBytes === undefined || text.endsWith('\n') || Buffer.byteLength(text) < limitBytes - 3) return text;
  return text.slice(0, text.lastIndexOf('\n') + 1);
}

/** A PVC on its way out must not be mounted by a new run: wait (retryable) until it is gone. */
function stillTerminating(name: string): ApplicationFailure {
  return ApplicationFailure.retryable(
    `cache volume ${name} is still being deleted (a pod of an earlier run mounts it); waiting until it is gone`,
    Failure.CacheVolumeTerminating,
  );
}

function pvcBody(spec: PersistentVolumeClaimSpec) {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels, annotations: spec.annotations },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: spec.storage } },
      ...(spec.storageClassName ? { storageClassName: spec.storageClassName } : {}),
    },
  };
}
