/**
 * The worker's RBAC, derived from the code (G44): every KubeGateway method is run against the fake API server
 * (`exercises` is typed by the interface, so a new method does not compile until it is exercised here), each
 * request the real client-node sent is turned into the attributes the API server's RBAC authorizer checks
 * (test/support/rbac-attributes.ts), and the shipped Role (deploy/rbac.yaml; the chart's Role is checked equal
 * to it in test/e2e/real-kube/chart.test.ts) must grant exactly that set: a missing rule would be a 403 in
 * production, an extra one a privilege the worker never uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeGateway } from '../../../activities/kubernetes/client-gateway';
import type { KubeGateway } from '../../../activities/kubernetes/gateway';
import type { ArgoWorkflow } from '../../../domain/types';
import { startFakeKube, type FakeKube } from '../../fakes/kube/fake-kube';
import { kubeConfigForFake } from '../../fakes/kube/kubeconfig';
import { grantedBy, rbacAttributesOf } from '../../support/rbac-attributes';
import { shippedRbac } from '../../support/real-kube/bootstrap';

const NS = 'argo';
const workflow = (name: string): ArgoWorkflow => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name, labels: { managedBy: 'kube-ci' } },
  spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine' } }] },
});
const pvc = (name: string) => ({
  name,
  namespace: NS,
  labels: { managedBy: 'kube-ci' },
  annotations: {},
  storage: '1Gi',
});

async function until(check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5_000; !check(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > deadline) throw new Error('timed out');
}

/** Each gateway method, on each of its paths (found/absent, created/existing, dropped watch, 410 re-list). */
const exercises: { [Method in keyof KubeGateway]: (gateway: KubeGateway, fake: FakeKube) => Promise<unknown> } = {
  createWorkflow: async (g) => {
    await g.createWorkflow(NS, workflow('derive-1'));
    await g.createWorkflow(NS, workflow('derive-1')); // 409 → get
  },
  getWorkflow: async (g) => [await g.getWorkflow(NS, 'derive-1'), await g.getWorkflow(NS, 'absent')],
  listWorkflows: (g) => g.listWorkflows(NS, 'managedBy=kube-ci'),
  patchWorkflow: async (g) => {
    await g.patchWorkflow(NS, 'derive-1', { spec: { activeDeadlineSeconds: 0 } });
    await g.patchWorkflow(NS, 'absent', { spec: { activeDeadlineSeconds: 0 } });
  },
  watchWorkflows: async (g, fake) => {
    const abort = new AbortController();
    const seen: string[] = [];
    const watching = g.watchWorkflows(NS, 'managedBy=kube-ci', (e) => seen.push(e.type), abort.signal);
    await until(() => fake.openWatches === 1);
    fake.dropWatches(); // re-watch from the last resourceVersion
    await until(() => fake.openWatches === 1);
    fake.compactHistory();
    fake.dropWatches(); // 410 Gone → re-list
    await until(() => fake.openWatches === 1);
    abort.abort();
    await watching;
  },
  readPodLog: async (g, fake) => {
    fake.setPodLog(NS, 'derive-pod', 'main', 'line\n');
    return [await g.readPodLog(NS, 'derive-pod', 'main', { limitBytes: 100 }), await g.readPodLog(NS, 'x', 'main')];
  },
  ensurePersistentVolumeClaim: async (g) => [
    await g.ensurePersistentVolumeClaim(pvc('derive-cache')),
    await g.ensurePersistentVolumeClaim(pvc('derive-cache')),
  ],
  listPersistentVolumeClaims: (g) => g.listPersistentVolumeClaims(NS, 'managedBy=kube-ci'),
  persistentVolumeClaimExists: async (g) => [
    await g.persistentVolumeClaimExists(NS, 'derive-cache'),
    await g.persistentVolumeClaimExists(NS, 'absent'),
  ],
  deletePersistentVolumeClaim: async (g) => {
    await g.deletePersistentVolumeClaim(NS, 'derive-cache');
    await g.deletePersistentVolumeClaim(NS, 'derive-cache'); // already gone
  },
};

describe('the worker RBAC derived from the Kubernetes gateway', () => {
  let fake: FakeKube;
  /** method → the RBAC attributes of the requests it made */
  const needs = new Map<string, string[]>();
  beforeAll(async () => {
    fake = await startFakeKube();
    const gateway = createKubeGateway(kubeConfigForFake(fake, NS), { watchBackoffMs: 20 });
    for (const [method, exercise] of Object.entries(exercises)) {
      const before = fake.requests.length;
      await exercise(gateway, fake);
      needs.set(method, [...new Set(fake.requests.slice(before).map(rbacAttributesOf))].sort());
    }
  });
  afterAll(async () => {
    await fake?.close();
  });

  const role = shippedRbac().find((doc) => doc.kind === 'Role')!;

  it('sees every gateway method make requests, all in the runs’ namespace', () => {
    for (const [method, attributes] of needs) expect(attributes, method).not.toEqual([]);
    expect(
      fake.requests.every((r) => r.path.includes(`/namespaces/${NS}/`) || r.path.endsWith(`/namespaces/${NS}`)),
    ).toBe(true);
    expect(role.metadata.namespace).toBe(NS);
  });

  it('grants exactly what the gateway calls: no rule missing, none extra', () => {
    const called = [...new Set([...needs.values()].flat())].sort();
    expect(grantedBy(role.rules ?? [])).toEqual(called);
    // the table the docs give (README, deploy/rbac.yaml comments), spelled out
    expect(called).toEqual([
      'argoproj.io|workflows|create',
      'argoproj.io|workflows|get',
      'argoproj.io|workflows|list',
      'argoproj.io|workflows|patch',
      'argoproj.io|workflows|watch',
      '|persistentvolumeclaims|create',
      '|persistentvolumeclaims|delete',
      '|persistentvolumeclaims|get',
      '|persistentvolumeclaims|list',
      '|pods/log|get',
    ]);
  });

  it('ships nothing cluster-wide, no resourceNames, no wildcards', () => {
    const kinds = shippedRbac().map((doc) => doc.kind);
    expect(kinds).not.toContain('ClusterRole');
    expect(kinds).not.toContain('ClusterRoleBinding');
    const rules = JSON.stringify(role.rules);
    expect(rules).not.toContain('*');
    expect(rules).not.toContain('resourceNames');
    expect(rules).not.toContain('nonResourceURLs');
  });
});
