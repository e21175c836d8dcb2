import { ListWatch, Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Cluster, ClusterEvent } from '../../fakes/kube/cluster';
import type { KubeObject } from '../../fakes/kube/store';
import { expectOk, resourcePath, type KubeHttp } from './http';

/** A Cluster over a real API server, plus a synchronous view of what its informers have seen. */
export interface RealCluster extends Cluster {
  /** informer caches of `namespace` (workflows, pods, persistentvolumeclaims): current within a watch event */
  view: {
    get(resource: string, namespace: string, name: string): KubeObject | undefined;
    list(resource: string, namespace?: string): KubeObject[];
  };
  stop(): void;
}

const WATCHED = ['workflows', 'pods', 'persistentvolumeclaims'] as const;
const TYPE = { add: 'ADDED', update: 'MODIFIED', delete: 'DELETED' } as const;

/**
 * The Argo simulator's and the tests' way into a real kube-apiserver, as the admin: client-node informers
 * (ListWatch: list, watch, re-list on 410) feed `subscribe` and `view`; `update` is GET → mutate → PUT with
 * the read resourceVersion, retried on 409 Conflict (a worker's patch may land in between), and a pod's
 * status goes through its `status` subresource as a kubelet's would.
 */
export async function startRealCluster(
  admin: KubeHttp,
  kubeConfig: KubeConfig,
  namespace: string,
  setPodLog: Cluster['setPodLog'],
): Promise<RealCluster> {
  const listeners = new Set<(event: ClusterEvent) => void>();
  let stopped = false;
  const informers = new Map<string, ListWatch<KubernetesObject>>();
  for (const resource of WATCHED) {
    const path = resourcePath(resource, namespace);
    const list = async () =>
      (await expectOk(admin('GET', path), `list ${resource}`)) as { metadata: object; items: KubernetesObject[] };
    const informer = new ListWatch<KubernetesObject>(path, new Watch(kubeConfig), list, false);
    for (const verb of ['add', 'update', 'delete'] as const) {
      informer.on(verb, (object) => {
        const event = { resource, namespace, type: TYPE[verb], object: object as KubeObject };
        for (const listener of listeners) listener(event);
      });
    }
    informer.on('error', () => {
      if (!stopped) setTimeout(() => void informer.start(), 200);
    });
    informers.set(resource, informer);
  }

  const cluster: RealCluster = {
    view: {
      get: (resource, ns, name) => informers.get(resource)?.get(name, ns) as KubeObject | undefined,
      list: (resource, ns) => (informers.get(resource)?.list(ns) ?? []) as KubeObject[],
    },
    async get(resource, ns, name) {
      const { status, body } = await admin('GET', resourcePath(resource, ns, name));
      if (status === 404) return undefined;
      return (await expectOk(Promise.resolve({ status, body }), `get ${resource} ${ns}/${name}`)) as KubeObject;
    },
    async list(resource, ns) {
      const list = (await expectOk(admin('GET', resourcePath(resource, ns)), `list ${resource}`)) as {
        items: KubeObject[];
      };
      return list.items.map((item) => ({ ...item, apiVersion: item.apiVersion ?? 'v1', kind: item.kind ?? '' }));
    },
    async create(resource, object) {
      const ns = object.metadata.namespace!;
      const { status, body } = await admin('POST', resourcePath(resource, ns), object);
      if (status === 409) return undefined;
      return (await expectOk(Promise.resolve({ status, body }), `create ${resource} ${ns}`)) as KubeObject;
    },
    async update(resource, ns, name, mutate) {
      const path = resourcePath(resource, ns, name);
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const current = await cluster.get(resource, ns, name);
        if (!current) return undefined;
        const next = structuredClone(current);
        mutate(next);
        let { status, body } = await admin('PUT', path, next);
        if (status === 200 && resource === 'pods' && JSON.stringify(next.status) !== JSON.stringify(current.status)) {
          const stored = body as KubeObject;
          ({ status, body } = await admin('PUT', `${path}/status`, { ...stored, status: next.status }));
        }
        if (status === 409) continue;
        if (status === 404) return undefined;
        return (await expectOk(Promise.resolve({ status, body }), `update ${resource} ${ns}/${name}`)) as KubeObject;
      }
      throw new Error(`update ${resource} ${ns}/${name}: still conflicting after 50 attempts`);
    },
    async delete(resource, ns, name) {
      const { status, body } = await admin('DELETE', resourcePath(resource, ns, name));
      if (status !== 404) await expectOk(Promise.resolve({ status, body }), `delete ${resource} ${ns}/${name}`);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setPodLog,
    stop() {
      stopped = true;
      for (const informer of informers.values()) void informer.stop();
    },
  };
  // the first list has happened (and the watch is open) when start() resolves
  await Promise.all([...informers.values()].map((informer) => informer.start()));
  return cluster;
}
