import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeClearCaches, type ClearCachesInput } from '../../activities/clear-caches';
import type { ActivityDeps } from '../../activities/deps';
import { createKubeGateway } from '../../activities/kubernetes/client-gateway';
import type { KubeGateway } from '../../activities/kubernetes/gateway';
import { planCacheVolume } from '../../domain/cache-volume';
import { pipeline, settingsWith } from '../domain/fixtures';
import { startFakeKube, type FakeKube } from '../fakes/kube/fake-kube';
import { kubeConfigForFake } from '../fakes/kube/kubeconfig';

const settings = settingsWith();
let kube: FakeKube;
let gateway: KubeGateway;
let clearCaches: (input: ClearCachesInput) => Promise<{ deleted: string[] }>;
let logs: LogEntry[];

beforeEach(async () => {
  kube = await startFakeKube();
  gateway = createKubeGateway(kubeConfigForFake(kube));
  const deps = { kube: gateway, settings } as unknown as ActivityDeps;
  logs = [];
  const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('INFO', (entry) => logs.push(entry)) });
  clearCaches = (input) => env.run(makeClearCaches(deps).clearCaches, input);
});
afterEach(async () => {
  await kube.close();
});

/** A cache volume exactly as a run of org/repo on `branch` creates it (planCacheVolume, then the gateway). */
async function cacheOf(org: string, repo: string, scope: 'project' | 'branch', branch = 'master'): Promise<string> {
  const plan = planCacheVolume(
    pipeline({ 'kube-ci.qutics.com/cacheScope': scope, 'kube-ci.qutics.com/cacheSize': '1Gi' }),
    settings,
    { org, repo, branch },
  );
  if (plan.kind !== 'volume') throw new Error(`no volume planned: ${plan.kind}`);
  const { kind: _kind, ...spec } = plan;
  await gateway.ensurePersistentVolumeClaim({ ...spec, namespace: 'argo' });
  return plan.name;
}

function unrelated(namespace: string, name: string): void {
  kube.store.create('persistentvolumeclaims', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace, labels: { app: 'db' } },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
}

const remaining = () =>
  kube.store
    .list('persistentvolumeclaims')
    .map((p) => `${p.metadata.namespace}/${p.metadata.name}`)
    .sort();

/** SPEC B §21 D1–D3 (the original's pvc_test.go), against the fake API server through client-node. */
describe('clearCaches', () => {
  let volumes: { project: string; mybranch: string; mybranch2: string; otherRepo: string };
  beforeEach(async () => {
    unrelated('argo', 'somepvc');
    unrelated('default', 'someotherpvc');
    volumes = {
      project: await cacheOf('myorg', 'myrepo', 'project'),
      mybranch: await cacheOf('myorg', 'myrepo', 'branch', 'mybranch'),
      mybranch2: await cacheOf('myorg', 'myrepo', 'branch', 'mybranch2'),
      otherRepo: await cacheOf('myorg', 'myrepo2', 'project'),
    };
  });

  it('D1: a deleted branch takes exactly its own cache', async () => {
    const before = remaining();
    const result = await clearCaches({
      repo: { owner: 'myorg', name: 'myrepo' },
      branch: 'mybranch',
      reason: 'deleted branch mybranch',
    });
    expect(result).toEqual({ deleted: [volumes.mybranch] });
    expect(logs.map((l) => l.message)).toContain(
      `deleted pvc ${volumes.mybranch} for deleted branch mybranch myorg/myrepo`,
    );
    expect(remaining()).toEqual(before.filter((n) => n !== `argo/${volumes.mybranch}`));
    const list = kube.requests.find((r) => r.method === 'GET' && r.path.endsWith('/persistentvolumeclaims'))!;
    expect(list.path).toBe('/api/v1/namespaces/argo/persistentvolumeclaims');
    expect(list.query.labelSelector).toBe('managedBy=kube-ci,org=myorg,repo=myrepo,scope=branch');
  });

  it('D2: a deleted repository takes all three of its caches, nothing else', async () => {
    const result = await clearCaches({ repo: { owner: 'myorg', name: 'myrepo' }, reason: 'deleted repository' });
    expect(result.deleted.sort()).toEqual([volumes.project, volumes.mybranch, volumes.mybranch2].sort());
    expect(remaining()).toEqual(['argo/somepvc', `argo/${volumes.otherRepo}`, 'default/someotherpvc'].sort());
  });

  it('D3: an odd branch name deletes nothing and breaks nothing', async () => {
    const before = remaining();
    const result = await clearCaches({
      repo: { owner: 'myorg', name: 'myrepo' },
      branch: '-my..bad..branch...name-',
      reason: 'deleted branch -my..bad..branch...name-',
    });
    expect(result).toEqual({ deleted: [] });
    expect(remaining()).toEqual(before);
    expect(kube.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('is idempotent: clearing again finds nothing and fails on nothing', async () => {
    const repo = { owner: 'myorg', name: 'myrepo' };
    await clearCaches({ repo, reason: 'archived repository' });
    expect(await clearCaches({ repo, reason: 'archived repository' })).toEqual({ deleted: [] });
  });

  it('leaves a volume a running pod mounts Terminating, and it goes when the pod ends (no pod is killed)', async () => {
    kube.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'build-1', namespace: 'argo' },
      spec: {
        containers: [{ name: 'main', image: 'alpine' }],
        volumes: [{ name: 'cache', persistentVolumeClaim: { claimName: volumes.project } }],
      },
      status: { phase: 'Running' },
    });
    await clearCaches({ repo: { owner: 'myorg', name: 'myrepo' }, reason: 'cache clear requested by octocat' });
    const held = kube.store.get('persistentvolumeclaims', 'argo', volumes.project)!;
    expect(held.metadata.deletionTimestamp).toEqual(expect.any(String));
    expect(held.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(kube.store.get('pods', 'argo', 'build-1')).toBeDefined();
    expect(kube.store.get('persistentvolumeclaims', 'argo', volumes.mybranch)).toBeUndefined();

    const pod = kube.store.get('pods', 'argo', 'build-1')!;
    kube.store.replace('pods', { ...pod, status: { phase: 'Succeeded' } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(kube.store.get('persistentvolumeclaims', 'argo', volumes.project)).toBeUndefined();
  });
});
