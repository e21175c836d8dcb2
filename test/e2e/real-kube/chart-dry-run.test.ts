/**
 * The chart's output against a real kube-apiserver (the real-kube tier's etcd + kube-apiserver, no kubectl):
 * every rendered object is sent as a server-side apply with `dryRun=All` and `fieldValidation=Strict`, as
 * `kubectl apply --server-side --dry-run=server` does, for the default values and the Temporal Cloud example.
 * The server runs its full validation and admission on each (unknown or misspelt fields, bad values, RBAC
 * escalation checks) and persists nothing. Then the output is applied for real and the worker's token (the
 * chart's ServiceAccount) makes every gateway call: allowed; other calls: 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeGateway } from '../../../activities/kubernetes/client-gateway';
import { kubeConfigFromYaml } from '../../../activities/kubernetes/kube-config';
import { kubeConfigYaml } from '../../fakes/kube/fake-kube';
import { renderChart, type Manifest } from '../../support/chart/helm';
import { bootstrapCluster } from '../../support/real-kube/bootstrap';
import { expectOk, kubeHttp, resourcePath, type KubeHttp, type KubeResponse } from '../../support/real-kube/http';
import {
  ADMIN_TOKEN,
  startRealKubeProcesses,
  WORKER_TOKEN,
  type RealKubeProcesses,
} from '../../support/real-kube/processes';
import { cloudArgs, defaultArgs } from '../../support/chart/values';

type DeploymentSpec = { replicas: number; template: { spec: Record<string, unknown> } };

/** The object's path: `<kind>s` is the plural of every kind the chart renders (Role → roles, …). */
function objectPath(manifest: Manifest): string {
  const base = manifest.apiVersion === 'v1' ? '/api/v1' : `/apis/${manifest.apiVersion}`;
  const plural = `${manifest.kind.toLowerCase()}s`;
  return `${base}/namespaces/${manifest.metadata.namespace ?? 'kube-ci'}/${plural}/${manifest.metadata.name}`;
}

const dryRunApply = (admin: KubeHttp, manifest: Manifest): Promise<KubeResponse> =>
  admin(
    'PATCH',
    `${objectPath(manifest)}?dryRun=All&fieldValidation=Strict&fieldManager=kube-ci-chart-test&force=true`,
    manifest,
    'application/apply-patch+yaml',
  );

describe('the chart applied to a real kube-apiserver (server-side dry run)', () => {
  let server: RealKubeProcesses;
  let admin: KubeHttp;
  beforeAll(async () => {
    server = await startRealKubeProcesses();
    admin = kubeHttp(server.url, ADMIN_TOKEN);
    // as before an install: the release and runs' namespaces (the chart creates neither) and Argo's CRD;
    // no RBAC (the last test applies the chart's)
    await bootstrapCluster(admin, []);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['default values', defaultArgs],
    ['the Temporal Cloud example', cloudArgs],
  ])('accepts every object of %s, and keeps none of them', async (_name, args) => {
    const manifests = renderChart(args);
    expect(manifests.length).toBeGreaterThanOrEqual(10);
    for (const manifest of manifests) {
      const { status, body } = await dryRunApply(admin, manifest);
      expect({ object: `${manifest.kind} ${manifest.metadata.name}`, status, body }).toMatchObject({
        status: expect.toSatisfy((s: number) => s === 200 || s === 201),
      });
      expect(body).toMatchObject({ kind: manifest.kind, metadata: { name: manifest.metadata.name } });
    }
    for (const manifest of manifests) expect((await admin('GET', objectPath(manifest))).status).toBe(404);
  });

  it('is a real check: a misspelt field or a bad value in the output is refused', async () => {
    const deployment = renderChart(defaultArgs).find((m) => m.kind === 'Deployment')!;
    const misspelt = structuredClone(deployment);
    (misspelt.spec as DeploymentSpec).template.spec.securityContxt = { runAsNonRoot: true };
    const unknownField = await dryRunApply(admin, misspelt);
    // server-side apply refuses it before validation, as a 500 "failed to create typed patch object"
    expect(unknownField.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(unknownField.body)).toContain(
      '.spec.template.spec.securityContxt: field not declared in schema',
    );
    const negative = structuredClone(deployment);
    (negative.spec as DeploymentSpec).replicas = -1;
    const invalid = await dryRunApply(admin, negative);
    expect(invalid.status).toBe(422);
    expect(JSON.stringify(invalid.body)).toContain('spec.replicas');
  });

  // The worker's token is the user system:serviceaccount:kube-ci:kube-ci-worker: the chart's ServiceAccount of
  // release kube-ci, so the chart's RoleBinding is all it is granted once the objects are applied for real.
  it('binds the worker, applied for real, to every call the gateway makes and nothing else', async () => {
    for (const manifest of renderChart(defaultArgs)) {
      const path = `${objectPath(manifest)}?fieldValidation=Strict&fieldManager=kube-ci-chart-test&force=true`;
      await expectOk(admin('PATCH', path, manifest, 'application/apply-patch+yaml'), `apply ${manifest.kind}`);
    }
    const gateway = createKubeGateway(kubeConfigFromYaml(kubeConfigYaml(server.url, WORKER_TOKEN, 'argo')));
    const wf = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'chart-rbac' } };
    const workflow = { ...wf, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'x' } }] } };
    await eventually(async () => void (await gateway.createWorkflow('argo', workflow)));
    await gateway.getWorkflow('argo', 'chart-rbac');
    await gateway.listWorkflows('argo', 'a=b');
    await gateway.patchWorkflow('argo', 'chart-rbac', { spec: { activeDeadlineSeconds: 0 } });
    const cache = { name: 'chart-cache', namespace: 'argo', labels: {}, annotations: {}, storage: '1Gi' };
    await gateway.ensurePersistentVolumeClaim(cache);
    await gateway.persistentVolumeClaimExists('argo', 'chart-cache');
    await gateway.listPersistentVolumeClaims('argo', 'a=b');
    await gateway.deletePersistentVolumeClaim('argo', 'chart-cache');
    expect(await gateway.readPodLog('argo', 'absent', 'main')).toBeNull(); // allowed, then 404
    const watch = new AbortController();
    const timer = setTimeout(() => watch.abort(), 1_000); // still watching after 1 s: let in (a 403 throws)
    await gateway.watchWorkflows('argo', 'a=b', () => undefined, watch.signal).finally(() => clearTimeout(timer));
    const worker = kubeHttp(server.url, WORKER_TOKEN);
    const denied = [
      ['DELETE', resourcePath('workflows', 'argo', 'chart-rbac')],
      ['GET', resourcePath('pods', 'argo')],
      ['GET', resourcePath('secrets', 'argo')],
      ['GET', resourcePath('workflows', 'kube-ci')],
      ['GET', '/api/v1/namespaces'],
    ] as const;
    for (const [method, path] of denied)
      expect([method, path, (await worker(method, path)).status]).toEqual([method, path, 403]);
  });
});

/** The authorizer sees new RoleBindings through an informer: retry until `call` passes (10 s). */
async function eventually(call: () => Promise<void>): Promise<void> {
  for (const deadline = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 200))) {
    try {
      return await call();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}
