import type { FakeKube } from './fake-kube';
import type { KubeObject, WatchEventType } from './store';

/** One object change the Argo simulator (the controller) reacts to. */
export interface ClusterEvent {
  resource: string;
  namespace: string;
  type: WatchEventType;
  object: KubeObject;
}

/**
 * What the Argo simulator and the e2e tests do to "the cluster", on either tier: the fake API server's
 * store (synchronous underneath, so `update` is an atomic read-modify-write) or a real kube-apiserver
 * (test/support/real-kube-cluster.ts: GET then PUT with the read resourceVersion, retried on 409 Conflict,
 * as a controller does). Resources are plural names: `workflows` (argoproj.io), `pods`,
 * `persistentvolumeclaims`.
 */
export interface Cluster {
  get(resource: string, namespace: string, name: string): Promise<KubeObject | undefined>;
  list(resource: string, namespace: string): Promise<KubeObject[]>;
  /** undefined when the name is taken */
  create(resource: string, object: KubeObject): Promise<KubeObject | undefined>;
  /** read-modify-write (a pod's `status` included); undefined when the object is gone */
  update(
    resource: string,
    namespace: string,
    name: string,
    mutate: (object: KubeObject) => void,
  ): Promise<KubeObject | undefined>;
  delete(resource: string, namespace: string, name: string): Promise<void>;
  /** workflow and pod changes, in order per object */
  subscribe(listener: (event: ClusterEvent) => void): () => void;
  /**
   * The text `GET pods/{pod}/log?container=` returns. Fake tier: the fake serves it. Real tier: there is no
   * kubelet, so the log proxy in front of the real server serves it (test/support/kubelet-log-proxy.ts).
   */
  setPodLog(namespace: string, pod: string, container: string, text: string): void;
}

/** The fake API server's store as a Cluster (no HTTP: the simulator is in-process with it). */
export function fakeCluster(fake: FakeKube): Cluster {
  const { store } = fake;
  return {
    get: async (resource, namespace, name) => store.get(resource, namespace, name),
    list: async (resource, namespace) => store.list(resource, namespace),
    create: async (resource, object) => store.create(resource, object),
    async update(resource, namespace, name, mutate) {
      const current = store.get(resource, namespace, name);
      if (!current) return undefined;
      mutate(current);
      return store.replace(resource, current);
    },
    delete: async (resource, namespace, name) => void store.delete(resource, namespace, name),
    subscribe: (listener) =>
      store.subscribe(({ resource, namespace, type, object }) => listener({ resource, namespace, type, object })),
    setPodLog: (namespace, pod, container, text) => fake.setPodLog(namespace, pod, container, text),
  };
}

/** A Cluster as given, or the fake's store as one. */
export function asCluster(target: FakeKube | Cluster): Cluster {
  return 'store' in target ? fakeCluster(target) : target;
}
