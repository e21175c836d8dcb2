/**
 * The chart's output against a real kube-apiserver (the real-kube tier's etcd + kube-apiserver, no kubectl):
 * every rendered object is sent as a server-side apply with `dryRun=All` and `fieldValidation=Strict`, as
 * `kubectl apply --server-side --dry-run=server` does, for the default values and the Temporal Cloud example.
 * The server runs its full validation and admission on each (unknown or misspelt fields, bad values, RBAC
 * escalation checks) and persists nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChart, type Manifest } from '../../support/chart/helm';
import { expectOk, kubeHttp, type KubeHttp, type KubeResponse } from '../../support/real-kube/http';
import { ADMIN_TOKEN, startRealKubeProcesses, type RealKubeProcesses } from '../../support/real-kube/processes';
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
    // the release namespace and the runs' namespace exist before an install (the chart creates neither)
    for (const name of ['kube-ci', 'argo']) {
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
      await expectOk(admin('POST', '/api/v1/namespaces', ns), `create namespace ${name}`);
    }
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
});
