import { ApplicationFailure } from '@temporalio/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubeGateway } from '../../../activities/kubernetes/client-gateway';
import type { KubeGateway } from '../../../activities/kubernetes/gateway';
import type { ArgoWorkflow } from '../../../domain/types';
import { Failure } from '../../../domain/failures';
import { publicErrorMessage } from '../../../domain/public-error-message';
import { startFakeKube, type FakeKube } from '../../fakes/kube/fake-kube';
import { kubeConfigForFake } from '../../fakes/kube/kubeconfig';

const NS = 'ci';

function workflow(name: string, labels: Record<string, string> = { managedBy: 'kube-ci' }): ArgoWorkflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, labels },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine', command: ['true'] } }] },
  };
}

let fake: FakeKube;
let gateway: KubeGateway;

beforeEach(async () => {
  fake = await startFakeKube();
  gateway = createKubeGateway(kubeConfigForFake(fake));
});
afterEach(async () => {
  await fake.close();
});

describe('createKubeGateway', () => {
  it('creates a workflow, and on a repeated create returns the existing one with created false', async () => {
    const first = await gateway.createWorkflow(NS, workflow('build-1'));
    expect(first.created).toBe(true);
    expect(first.workflow.metadata.uid).toBeTruthy();
    const again = await gateway.createWorkflow(NS, workflow('build-1', { managedBy: 'other' }));
    expect(again).toEqual({ workflow: first.workflow, created: false });
    const posts = fake.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([201, 409]);
    expect(fake.requests[0]!.path).toBe(`/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows`);
  });

  it('gets a workflow, and null for one that does not exist', async () => {
    await gateway.createWorkflow(NS, workflow('build-2'));
    expect((await gateway.getWorkflow(NS, 'build-2'))?.metadata.name).toBe('build-2');
    expect(await gateway.getWorkflow(NS, 'missing')).toBeNull();
  });

  it('lists by label selector', async () => {
    await gateway.createWorkflow(NS, workflow('a', { org: 'acme', repo: 'web' }));
    await gateway.createWorkflow(NS, workflow('b', { org: 'acme', repo: 'api' }));
    await gateway.createWorkflow(NS, workflow('c', { org: 'other' }));
    const names = async (selector: string) => (await gateway.listWorkflows(NS, selector)).map((w) => w.metadata.name);
    expect(await names('org=acme')).toEqual(['a', 'b']);
    expect(await names('org=acme,repo!=web')).toEqual(['b']);
    expect(await names('repo in (web,api)')).toEqual(['a', 'b']);
    expect(await names('repo')).toEqual(['a', 'b']);
    expect(await names('!repo')).toEqual(['c']);
    expect(fake.requests.at(-1)!.query.labelSelector).toBe('!repo');
  });

  it('patches with a JSON merge patch and returns null when the workflow is gone', async () => {
    await gateway.createWorkflow(NS, workflow('build-3'));
    const patched = await gateway.patchWorkflow(NS, 'build-3', {
      metadata: { annotations: { 'kube-ci.qutics.com/check-run-id': '42' } },
      spec: { activeDeadlineSeconds: 0 },
    });
    expect(patched?.spec.activeDeadlineSeconds).toBe(0);
    expect(patched?.metadata.annotations).toEqual({ 'kube-ci.qutics.com/check-run-id': '42' });
    expect(patched?.spec.templates).toHaveLength(1);
    expect(fake.requests.find((r) => r.method === 'PATCH')?.contentType).toBe('application/merge-patch+json');
    expect(await gateway.patchWorkflow(NS, 'gone', { spec: {} })).toBeNull();
  });

  it('rejects an invalid workflow as a non-retryable RunObjectRejected with the API server causes', async () => {
    const bad = workflow('bad');
    bad.spec.templates = [{ name: 'main', container: 'not-an-object' }];
    const error = await gateway.createWorkflow(NS, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    const failure = error as ApplicationFailure;
    expect(failure.type).toBe(Failure.RunObjectRejected);
    expect(failure.nonRetryable).toBe(true);
    expect(JSON.stringify(failure.details)).toContain('spec.templates.0.container');
    expect(fake.schemaViolations).toHaveLength(1);
  });

  it('classifies 403 as KubernetesPermissionDenied and rethrows 5xx and 429 unchanged (retryable)', async () => {
    fake.injectFault({ method: 'GET', path: '/workflows/x', status: 403 });
    const denied = await gateway.getWorkflow(NS, 'x').catch((e: unknown) => e);
    expect((denied as ApplicationFailure).type).toBe(Failure.KubernetesPermissionDenied);
    for (const status of [500, 503, 429]) {
      fake.injectFault({ method: 'GET', path: '/workflows/x', status });
      const transient = await gateway.getWorkflow(NS, 'x').catch((e: unknown) => e);
      expect(transient).not.toBeInstanceOf(ApplicationFailure);
      expect((transient as { code?: number }).code).toBe(status);
    }
  });

  it('rethrows network errors unchanged', async () => {
    await fake.close();
    const error = await gateway.getWorkflow(NS, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    // what a public check run may show of it: what happened, not where
    const shown = publicErrorMessage((error as Error).message);
    expect((error as Error).message).toContain('127.0.0.1');
    expect(shown).toMatch(/network error talking to the cluster or GitHub: connection refused \(ECONNREFUSED\)$/);
    expect(shown).not.toMatch(/127\.0\.0\.1|:\d{4,5}|https?:/);
    fake = await startFakeKube();
  });

  it('reads pod logs, and null when the pod does not exist', async () => {
    fake.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p1', namespace: NS },
      spec: { containers: [{ name: 'wait' }, { name: 'main' }] },
    });
    fake.setPodLog(NS, 'p1', 'main', 'hello\nworld\n');
    expect(await gateway.readPodLog(NS, 'p1', 'main')).toBe('hello\nworld\n');
    expect(await gateway.readPodLog(NS, 'nope', 'main')).toBeNull();
    expect(fake.requests.at(-1)).toMatchObject({
      path: `/api/v1/namespaces/${NS}/pods/nope/log`,
      query: { container: 'main' },
      status: 404,
    });
  });

  it('bounds pod logs with tailLines and limitBytes, dropping a line cut at the byte limit', async () => {
    fake.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p2', namespace: NS },
      spec: { containers: [{ name: 'main' }] },
    });
    fake.setPodLog(NS, 'p2', 'main', 'one\ntwo\nthree\nfour\n');
    expect(await gateway.readPodLog(NS, 'p2', 'main', { tailLines: 2 })).toBe('three\nfour\n');
    // last 3 lines = 'two\nthree\nfour\n'; 12 bytes end inside 'four', which is dropped
    expect(await gateway.readPodLog(NS, 'p2', 'main', { tailLines: 3, limitBytes: 12 })).toBe('two\nthree\n');
    expect(await gateway.readPodLog(NS, 'p2', 'main', { limitBytes: 1000 })).toBe('one\ntwo\nthree\nfour\n');
    expect(fake.requests.at(-2)).toMatchObject({ query: { container: 'main', tailLines: '3', limitBytes: '12' } });
  });

  it('says why a Kubernetes refusal failed without naming the service account', async () => {
    fake.injectFault({
      method: 'GET',
      path: '/workflows/x',
      status: 403,
      message:
        'workflows.argoproj.io "x" is forbidden: User "system:serviceaccount:argo:kube-ci" cannot get resource "workflows" in API group "argoproj.io" in the namespace "ci"',
    });
    const denied = (await gateway.getWorkflow(NS, 'x').catch((e: unknown) => e)) as ApplicationFailure;
    expect(denied.message).toBe(
      'get workflow ci/x: Kubernetes answered 403: workflows.argoproj.io "x" is forbidden: User "<service account>" cannot get resource "workflows" in API group "argoproj.io" in the namespace "ci"',
    );
    expect(JSON.stringify(denied.details)).toContain('system:serviceaccount:argo:kube-ci');
  });

  it('ensures a PVC: creates it once, then reports it exists (and says whether one exists)', async () => {
    const spec = {
      name: 'ci-project-acme-web-x1',
      namespace: NS,
      labels: { managedBy: 'kube-ci' },
      annotations: {},
      storage: '20Gi',
      storageClassName: 'fast',
    };
    expect(await gateway.persistentVolumeClaimExists(NS, spec.name)).toBe(false);
    expect(await gateway.ensurePersistentVolumeClaim(spec)).toEqual({ created: true });
    expect(await gateway.ensurePersistentVolumeClaim(spec)).toEqual({ created: false });
    expect(await gateway.persistentVolumeClaimExists(NS, spec.name)).toBe(true);
    const pvc = fake.store.get('persistentvolumeclaims', NS, spec.name)!;
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '20Gi' } },
      storageClassName: 'fast',
    });
    expect(pvc.metadata.labels).toEqual({ managedBy: 'kube-ci' });
  });

  it('lists PVCs by label selector, and deletes one (again: no error)', async () => {
    const spec = (name: string, labels: Record<string, string>) => ({
      name,
      namespace: NS,
      labels,
      annotations: { 'kube-ci.qutics.com/branch': 'main' },
      storage: '1Gi',
    });
    await gateway.ensurePersistentVolumeClaim(spec('a', { managedBy: 'kube-ci', repo: 'web' }));
    await gateway.ensurePersistentVolumeClaim(spec('b', { managedBy: 'kube-ci', repo: 'api' }));
    const listed = await gateway.listPersistentVolumeClaims(NS, 'managedBy=kube-ci,repo=web');
    expect(listed).toEqual([
      {
        name: 'a',
        namespace: NS,
        labels: { managedBy: 'kube-ci', repo: 'web' },
        annotations: { 'kube-ci.qutics.com/branch': 'main' },
      },
    ]);
    await gateway.deletePersistentVolumeClaim(NS, 'a');
    await gateway.deletePersistentVolumeClaim(NS, 'a');
    expect((await gateway.listPersistentVolumeClaims(NS, 'managedBy=kube-ci')).map((p) => p.name)).toEqual(['b']);
    const deletes = fake.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => [r.path, r.status])).toEqual([
      [`/api/v1/namespaces/${NS}/persistentvolumeclaims/a`, 200],
      [`/api/v1/namespaces/${NS}/persistentvolumeclaims/a`, 404],
    ]);
  });

  it('waits (retryable CacheVolumeTerminating) to ensure a PVC still Terminating, then creates it anew', async () => {
    const spec = { name: 'ci-project-acme-web-x1', namespace: NS, labels: {}, annotations: {}, storage: '1Gi' };
    await gateway.ensurePersistentVolumeClaim(spec);
    const old = fake.store.get('persistentvolumeclaims', NS, spec.name)!;
    fake.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'old-run', namespace: NS },
      spec: { containers: [], volumes: [{ name: 'c', persistentVolumeClaim: { claimName: spec.name } }] },
      status: { phase: 'Running' },
    });
    await gateway.deletePersistentVolumeClaim(NS, spec.name);
    const waiting = (await gateway.ensurePersistentVolumeClaim(spec).catch((e: unknown) => e)) as ApplicationFailure;
    expect(waiting).toBeInstanceOf(ApplicationFailure);
    expect(waiting.type).toBe(Failure.CacheVolumeTerminating);
    expect(waiting.nonRetryable).toBe(false);
    expect(fake.store.get('persistentvolumeclaims', NS, spec.name)!.metadata.uid).toBe(old.metadata.uid);
    const named = (await gateway
      .persistentVolumeClaimExists(NS, spec.name)
      .catch((e: unknown) => e)) as ApplicationFailure;
    expect([named.type, named.nonRetryable]).toEqual([Failure.CacheVolumeTerminating, false]);

    fake.store.delete('pods', NS, 'old-run');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await gateway.ensurePersistentVolumeClaim(spec)).toEqual({ created: true });
    const fresh = fake.store.get('persistentvolumeclaims', NS, spec.name)!;
    expect(fresh.metadata.uid).not.toBe(old.metadata.uid);
    expect(fresh.metadata.deletionTimestamp).toBeUndefined();
  });
});
