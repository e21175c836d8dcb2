import { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigYaml } from '../../fakes/kube/fake-kube';
import { bootstrapCluster, type RbacDocument } from './bootstrap';
import { startRealCluster, type RealCluster } from './cluster';
import { kubeHttp, type KubeHttp } from './http';
import { startKubeletLogProxy, type KubeletLogProxy } from './kubelet-log-proxy';
import { runPvcProtectionController } from './pvc-protection-controller';
import { ADMIN_TOKEN, startRealKubeProcesses, WORKER_TOKEN, type RealKubeProcessOptions } from './processes';

export interface RealKube {
  /** the real server (https) */
  serverUrl: string;
  /** the worker's endpoint: the pass-through proxy (kubelet-log-proxy.ts) */
  proxy: KubeletLogProxy;
  /** the worker's token: bound only by the RBAC given at start (default deploy/rbac.yaml) */
  workerToken: string;
  admin: KubeHttp;
  cluster: RealCluster;
  /** the worker's kubeconfig (through the proxy, with the worker's token) */
  kubeConfigYaml(namespace?: string): string;
  /** compacts etcd up to its current revision: older resourceVersions are gone (watches from them get 410) */
  compactEtcd(): Promise<number>;
  close(): Promise<void>;
}

export interface RealKubeOptions extends RealKubeProcessOptions {
  /** the worker's RBAC documents instead of deploy/rbac.yaml as shipped (the RBAC proof test) */
  rbac?: RbacDocument[];
}

/**
 * etcd + kube-apiserver (processes.ts), set up as a cluster with Argo's CRD and the worker's RBAC
 * (bootstrap.ts), the admin's informer-backed Cluster for the Argo simulator (cluster.ts) and the worker's
 * proxy (kubelet-log-proxy.ts). Everything stops in close(), also when starting fails half-way.
 */
export async function startRealKube(options: RealKubeOptions = {}): Promise<RealKube> {
  const processes = await startRealKubeProcesses(options);
  const cleanups: (() => Promise<void> | void)[] = [() => processes.close()];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const admin = kubeHttp(processes.url, ADMIN_TOKEN);
    await bootstrapCluster(admin, options.rbac);
    const proxy = await startKubeletLogProxy(processes.url);
    cleanups.push(() => proxy.close());
    const adminConfig = new KubeConfig();
    adminConfig.loadFromString(kubeConfigYaml(processes.url, ADMIN_TOKEN, 'argo'));
    const cluster = await startRealCluster(admin, adminConfig, 'argo', proxy.setPodLog);
    cleanups.push(() => cluster.stop());
    cleanups.push(runPvcProtectionController(cluster, 'argo'));
    return {
      serverUrl: processes.url,
      proxy,
      workerToken: WORKER_TOKEN,
      admin,
      cluster,
      kubeConfigYaml: (namespace = 'default') => kubeConfigYaml(proxy.url, WORKER_TOKEN, namespace),
      compactEtcd: () => compactEtcd(processes.etcdUrl, admin),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * etcd's JSON gateway: a physical compaction up to the current revision. "Current" is the newest of etcd's
 * range-read header and the API server's list resourceVersion (the header alone was seen behind it).
 */
async function compactEtcd(etcdUrl: string, admin: KubeHttp): Promise<number> {
  const range = await fetch(`${etcdUrl}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({
      key: Buffer.from('/registry/').toString('base64'),
      range_end: Buffer.from('/registry0').toString('base64'),
      count_only: true,
    }),
  });
  const header = Number(((await range.json()) as { header: { revision: string } }).header.revision);
  const list = (await admin('GET', '/api/v1/namespaces')).body as { metadata: { resourceVersion: string } };
  const revision = Math.max(header, Number(list.metadata.resourceVersion));
  const compaction = await fetch(`${etcdUrl}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision, physical: true }),
  });
  if (!compaction.ok)
    throw new Error(`etcd compaction to ${revision}: ${compaction.status} ${await compaction.text()}`);
  return revision;
}
