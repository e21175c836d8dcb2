/**
 * G44/G45: deploy/rbac.yaml grants exactly the Kubernetes calls the worker makes. Every KubeGateway method the
 * activities and the worker call (found in their source) is run against the fake API server, each request is
 * mapped to its RBAC resource and verb, and the set must equal the Role's rules: a new call without its rule, or
 * a rule no call needs, fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createKubeGateway } from '../../../activities/kubernetes/client-gateway';
import type { KubeGateway } from '../../../activities/kubernetes/gateway';
import { startFakeKube, type FakeKube } from '../../fakes/kube/fake-kube';
import { kubeConfigForFake } from '../../fakes/kube/kubeconfig';

const root = join(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

/** The gateway methods the worker's code calls (`kube.<method>(`), outside the gateway itself. */
function calledMethods(): string[] {
  const text = [...sources(join(root, 'activities')), ...sources(join(root, 'worker'))].join('\n');
  return [...new Set([...text.matchAll(/\bkube\.([a-zA-Z]+)\(/g)].map((m) => m[1]!))].sort();
}

/** `group/resource verb` for each rule of the Role in deploy/rbac.yaml. */
function granted(): string[] {
  const docs = parseAllDocuments(readFileSync(join(root, 'deploy/rbac.yaml'), 'utf8')).map((d) => d.toJS());
  const role = docs.find((d) => d?.kind === 'Role') as {
    rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  };
  return role.rules
    .flatMap((rule) =>
      rule.apiGroups.flatMap((group) => rule.resources.flatMap((r) => rule.verbs.map((v) => `${group}/${r} ${v}`))),
    )
    .sort();
}

const NS = 'argo';
let fake: FakeKube;
let gateway: KubeGateway;
beforeAll(async () => {
  fake = await startFakeKube();
  gateway = createKubeGateway(kubeConfigForFake(fake));
});
afterAll(async () => await fake.close());

/** One use of each gateway method, as the worker makes it. */
const exercise: Record<string, () => Promise<unknown>> = {
  createWorkflow: () =>
    gateway.createWorkflow(NS, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'wf', labels: { managedBy: 'kube-ci' } },
      spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine' } }] },
    }),
  getWorkflow: () => gateway.getWorkflow(NS, 'wf'),
  patchWorkflow: () => gateway.patchWorkflow(NS, 'wf', { spec: { activeDeadlineSeconds: 0 } }),
  watchWorkflows: async () => {
    const stop = new AbortController();
    const watching = gateway.watchWorkflows(NS, 'managedBy=kube-ci', () => undefined, stop.signal);
    while (fake.openWatches === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    stop.abort();
    await watching;
  },
  readPodLog: () => gateway.readPodLog(NS, 'wf-pod', 'main'),
  ensurePersistentVolumeClaim: () =>
    gateway.ensurePersistentVolumeClaim({ name: 'c', namespace: NS, labels: {}, annotations: {}, storage: '1Gi' }),
  persistentVolumeClaimExists: () => gateway.persistentVolumeClaimExists(NS, 'c'),
  listPersistentVolumeClaims: () => gateway.listPersistentVolumeClaims(NS, 'managedBy=kube-ci'),
  deletePersistentVolumeClaim: () => gateway.deletePersistentVolumeClaim(NS, 'c'),
};

function verbOf(method: string, query: Record<string, string>, named: boolean): string {
  if (method === 'GET') return query['watch'] === 'true' ? 'watch' : named ? 'get' : 'list';
  return { POST: 'create', PATCH: 'patch', PUT: 'update', DELETE: 'delete' }[method] ?? method;
}

describe('deploy/rbac.yaml', () => {
  it('grants exactly the calls the worker makes', async () => {
    const called = calledMethods();
    expect(called).toEqual(Object.keys(exercise).sort());
    for (const method of called) await exercise[method]!();
    const needed = new Set<string>();
    for (const request of fake.requests) {
      const core = /^\/api\/v1\/namespaces\/[^/]+\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(request.path);
      const custom = /^\/apis\/([^/]+)\/[^/]+\/namespaces\/[^/]+\/([^/]+)(?:\/([^/]+))?$/.exec(request.path);
      if (core) {
        const [, plural, name, sub] = core;
        needed.add(`/${plural}${sub ? `/${sub}` : ''} ${verbOf(request.method, request.query, name !== undefined)}`);
      } else if (custom) {
        const [, group, plural, name] = custom;
        needed.add(`${group}/${plural} ${verbOf(request.method, request.query, name !== undefined)}`);
      } else throw new Error(`unexpected request ${request.method} ${request.path}`);
    }
    expect([...needed].sort()).toEqual(granted());
  });
});
