import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKube, type FakeKube } from './fake-kube';
import { argoExamplesDir } from '../../support/shared-data';

const EXAMPLES = argoExamplesDir;
const WF_PATH = '/apis/argoproj.io/v1alpha1/namespaces/ci/workflows';

let fake: FakeKube;
beforeAll(async () => {
  fake = await startFakeKube();
});
afterAll(async () => {
  await fake.close();
});

async function call(method: string, path: string, body?: unknown, contentType = 'application/json') {
  const response = await fetch(fake.url + path, {
    method,
    headers: { authorization: `Bearer ${fake.token}`, 'content-type': contentType },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const minimal = (name: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name },
  spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine' } }] },
});

describe('fake API server', () => {
  it('accepts every valid kind: Workflow example in the Argo repository', async () => {
    let accepted = 0;
    let otherKinds = 0;
    const rejected: string[] = [];
    for (const file of readdirSync(EXAMPLES).sort()) {
      for (const doc of parseAllDocuments(readFileSync(`${EXAMPLES}/${file}`, 'utf8'))) {
        const object = doc.toJS() as { kind?: string; metadata?: Record<string, unknown> } | null;
        if (object?.kind !== 'Workflow') {
          otherKinds++;
          continue;
        }
        const { status } = await call('POST', WF_PATH, object);
        if (status === 201) accepted++;
        else rejected.push(`${file}: ${status}`);
      }
    }
    // Two examples lost their name to indentation slips: fun-with-gifs.yaml nests `generateName` under
    // `labels` (no name, and a label value ending in '-'), k8s-jobs.yaml puts `name:` inside an annotation's
    // text. A real API server rejects both; Argo's schema alone cannot see it.
    expect(rejected).toEqual(['fun-with-gifs.yaml: 422', 'k8s-jobs.yaml: 422']);
    expect(accepted).toBe(197);
    expect(otherKinds).toBe(29);
    expect(fake.schemaViolations.map((v) => v.causes.map((c) => c.field))).toEqual([
      ['metadata.name', 'metadata.labels'],
      ['metadata.name'],
    ]);
  });

  it('rejects a schema violation with a 422 Invalid Status and records it', async () => {
    const bad = minimal('bad-one');
    (bad.spec.templates[0] as Record<string, unknown>).activeDeadlineSeconds = { seconds: 5 };
    const { status, body } = await call('POST', WF_PATH, bad);
    expect(status).toBe(422);
    expect(body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      details: { name: 'bad-one', kind: 'Workflow' },
    });
    expect(body.details.causes[0].field).toBe('spec.templates.0.activeDeadlineSeconds');
    expect(fake.schemaViolations.at(-1)).toMatchObject({ name: 'bad-one', resource: 'workflows' });
  });

  it('applies the apiserver metadata checks', async () => {
    const upper = await call('POST', WF_PATH, minimal('Not_A_Name'));
    expect(upper.status).toBe(422);
    const label = await call('POST', WF_PATH, {
      ...minimal('ok-name'),
      metadata: { name: 'ok-name', labels: { branch: 'x'.repeat(64) } },
    });
    expect(label.status).toBe(422);
    expect(label.body.details.causes[0].field).toBe('metadata.labels');
  });

  it('answers a duplicate create with 409 AlreadyExists and a stale update with 409 Conflict', async () => {
    expect((await call('POST', WF_PATH, minimal('dup'))).status).toBe(201);
    const dup = await call('POST', WF_PATH, minimal('dup'));
    expect(dup).toMatchObject({
      status: 409,
      body: { reason: 'AlreadyExists', message: 'workflows.argoproj.io "dup" already exists' },
    });
    const current = (await call('GET', `${WF_PATH}/dup`)).body;
    const stale = { ...current, metadata: { ...current.metadata, resourceVersion: '1' } };
    expect((await call('PUT', `${WF_PATH}/dup`, stale)).body.reason).toBe('Conflict');
    const fresh = await call('PUT', `${WF_PATH}/dup`, {
      ...current,
      metadata: { ...current.metadata, labels: { a: 'b' } },
    });
    expect(fresh.status).toBe(200);
    expect(Number(fresh.body.metadata.resourceVersion)).toBeGreaterThan(Number(current.metadata.resourceVersion));
  });

  it('supports JSON patch and rejects strategic merge patch on the CRD', async () => {
    await call('POST', WF_PATH, minimal('patchy'));
    const patched = await call(
      'PATCH',
      `${WF_PATH}/patchy`,
      [{ op: 'add', path: '/spec/activeDeadlineSeconds', value: 0 }],
      'application/json-patch+json',
    );
    expect(patched.body.spec.activeDeadlineSeconds).toBe(0);
    const strategic = await call('PATCH', `${WF_PATH}/patchy`, { spec: {} }, 'application/strategic-merge-patch+json');
    expect(strategic.status).toBe(415);
  });

  it('answers a watch from a compacted resourceVersion with an ERROR event carrying 410 Gone', async () => {
    await call('POST', WF_PATH, minimal('old'));
    const rv = (await call('GET', WF_PATH)).body.metadata.resourceVersion as string;
    await call('POST', WF_PATH, minimal('newer'));
    fake.compactHistory();
    const response = await fetch(`${fake.url}${WF_PATH}?watch=true&resourceVersion=${rv}`, {
      headers: { authorization: `Bearer ${fake.token}` },
    });
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: any });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });

  it('serves pod logs with tailLines (last N lines) applied before limitBytes (first N bytes)', async () => {
    fake.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'logged', namespace: 'ci' },
      spec: { containers: [{ name: 'main' }] },
    });
    fake.setPodLog('ci', 'logged', 'main', 'a1\nb2\nc3\nd€\n');
    const log = async (query: string) => {
      const response = await fetch(`${fake.url}/api/v1/namespaces/ci/pods/logged/log?container=main${query}`, {
        headers: { authorization: `Bearer ${fake.token}` },
      });
      return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
    };
    expect((await log('')).bytes.toString()).toBe('a1\nb2\nc3\nd€\n');
    expect((await log('&tailLines=2')).bytes.toString()).toBe('c3\nd€\n');
    expect((await log('&tailLines=0')).bytes.toString()).toBe('');
    expect((await log('&tailLines=99')).bytes.toString()).toBe('a1\nb2\nc3\nd€\n');
    expect((await log('&limitBytes=4')).bytes.toString()).toBe('a1\nb');
    // a byte limit can cut a character: 'c3\nd' plus the first byte of '€'
    const cut = await log('&tailLines=2&limitBytes=5');
    expect(cut.bytes).toEqual(Buffer.concat([Buffer.from('c3\nd'), Buffer.from('€').subarray(0, 1)]));
    const invalid = await log('&tailLines=-1&limitBytes=0');
    expect(invalid.status).toBe(422);
    expect(JSON.parse(invalid.bytes.toString())).toMatchObject({
      reason: 'Invalid',
      details: { causes: [{ field: 'tailLines' }, { field: 'limitBytes' }] },
    });
    expect((await log('&limitBytes=lots')).status).toBe(400);
  });

  it('keeps an object with finalizers Terminating on delete, and deletes it when the last finalizer is removed', async () => {
    const wf = { ...minimal('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } };
    expect((await call('POST', WF_PATH, wf)).status).toBe(201);
    const deleted = await call('DELETE', `${WF_PATH}/held`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.metadata.deletionTimestamp).toEqual(expect.any(String));
    expect((await call('GET', `${WF_PATH}/held`)).status).toBe(200);
    const patch = [{ op: 'remove', path: '/metadata/finalizers' }];
    expect((await call('PATCH', `${WF_PATH}/held`, patch, 'application/json-patch+json')).status).toBe(200);
    expect((await call('GET', `${WF_PATH}/held`)).status).toBe(404);
  });

  it('gives a new PVC the pvc-protection finalizer, which holds it only while a pod that has not ended mounts it', async () => {
    const PVC_PATH = '/api/v1/namespaces/ci/persistentvolumeclaims';
    const pvc = (name: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    const created = await call('POST', PVC_PATH, pvc('used'));
    expect(created.body.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    await call('POST', PVC_PATH, pvc('unused'));
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'runner' },
      spec: { containers: [{ name: 'main' }], volumes: [{ name: 'c', persistentVolumeClaim: { claimName: 'used' } }] },
      status: { phase: 'Running' },
    };
    expect((await call('POST', '/api/v1/namespaces/ci/pods', pod)).status).toBe(201);
    await call('DELETE', `${PVC_PATH}/used`);
    await call('DELETE', `${PVC_PATH}/unused`);
    expect((await call('GET', `${PVC_PATH}/unused`)).status).toBe(404);
    expect((await call('GET', `${PVC_PATH}/used`)).body.metadata.deletionTimestamp).toEqual(expect.any(String));
    const done = [{ op: 'replace', path: '/status/phase', value: 'Failed' }];
    await call('PATCH', '/api/v1/namespaces/ci/pods/runner', done, 'application/json-patch+json');
    expect((await call('GET', `${PVC_PATH}/used`)).status).toBe(404);
  });

  it('requires the bearer token and serves injected faults once', async () => {
    const anonymous = await fetch(fake.url + WF_PATH);
    expect(anonymous.status).toBe(401);
    fake.injectFault({ method: 'GET', path: WF_PATH, status: 503 });
    expect((await call('GET', WF_PATH)).status).toBe(503);
    expect((await call('GET', WF_PATH)).status).toBe(200);
  });
});
