import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKube, type FakeKube } from '../../fakes/kube/fake-kube';
import { kubeHttp, type KubeHttp, type KubeResponse } from '../../support/real-kube/http';
import { startRealKube, type RealKube } from '../../support/real-kube/real-kube';

/**
 * The same requests to the fake API server (test/fakes/kube) and to the real kube-apiserver, answers
 * compared field by field: status code, Status reason/details/message, the object's server-set fields.
 * Every difference found is listed in test/fakes/kube/README.md ("Fake vs real"), fixed in the fake, and kept
 * here as a row, so the fake cannot drift back. Raw HTTP on both sides (kubeHttp), so no client smooths over
 * a difference. Runs on the real tier only.
 */
const WF = '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows';
const PODS = '/api/v1/namespaces/argo/pods';
const PVCS = '/api/v1/namespaces/argo/persistentvolumeclaims';
const workflow = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name, labels: { app: 'contract' } },
  spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox' } }], ...spec },
});
const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'argo' },
  spec: { containers: [{ name: 'main', image: 'busybox' }] },
});

/**
 * What must agree: code, and for a Status its reason, details and message (`exactMessage: false`: the message
 * texts are known to differ, README "Fake vs real"); for an object its kind and apiVersion.
 */
function shape({ status, body }: KubeResponse, exactMessage = true): unknown {
  const b = body as Record<string, any>;
  if (typeof body !== 'object' || body === null) return { status, text: body };
  if (b['kind'] === 'Status') {
    const details = b['details'] ? { ...b['details'], causes: undefined, uid: undefined } : undefined;
    const message = exactMessage ? b['message'] : undefined;
    return { status, kind: 'Status', reason: b['reason'], message, code: b['code'], details };
  }
  return { status, kind: b['kind'], apiVersion: b['apiVersion'] };
}

describe('the fake API server answers as the real one', () => {
  let fake: FakeKube;
  let real: RealKube;
  let onFake: KubeHttp;
  let onReal: KubeHttp;
  beforeAll(async () => {
    [fake, real] = await Promise.all([startFakeKube(), startRealKube()]);
    onFake = kubeHttp(fake.url, fake.token);
    onReal = real.admin;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([fake?.close(), real?.close()]);
  });

  /** Runs `steps` on both servers; returns both answers of each step. */
  async function both(
    steps: [string, string, unknown?, string?][],
  ): Promise<{ fake: KubeResponse; real: KubeResponse }[]> {
    const answers = [];
    for (const [method, path, body, contentType] of steps) {
      answers.push({
        fake: await onFake(method, path, body, contentType),
        real: await onReal(method, path, body, contentType),
      });
    }
    return answers;
  }
  const expectSameShapes = (answers: { fake: KubeResponse; real: KubeResponse }[], exactMessage = true) => {
    for (const { fake: f, real: r } of answers) expect(shape(f, exactMessage)).toEqual(shape(r, exactMessage));
  };

  it('409 AlreadyExists on a name clash', async () => {
    expectSameShapes(
      await both([
        ['POST', WF, workflow('clash')],
        ['POST', WF, workflow('clash')],
      ]),
    );
  });

  // difference 1: a custom resource's DELETE answered the object; the real server a Success Status
  it('404 NotFound on get, patch and delete after a delete; a delete answers Status (Workflow) or the object (Pod)', async () => {
    const merge = 'application/merge-patch+json';
    expectSameShapes(
      await both([
        ['POST', WF, workflow('gone')],
        ['DELETE', `${WF}/gone`],
        ['GET', `${WF}/gone`],
        ['PATCH', `${WF}/gone`, { spec: { activeDeadlineSeconds: 0 } }, merge],
        ['DELETE', `${WF}/gone`],
        ['POST', PODS, pod('gone')],
        ['DELETE', `${PODS}/gone`],
      ]),
    );
  });

  it('422 Invalid from CRD validation, naming the field', async () => {
    // difference 3 (kept): the fake checks Argo's JSON schema, the real server the CRD's; the texts differ
    const answers = await both([['POST', WF, workflow('bad', { templates: 'not-a-list' })]]);
    expectSameShapes(answers, false);
    for (const side of [answers[0]!.fake, answers[0]!.real]) {
      const causes = (side.body as { details: { causes: { field: string }[] } }).details.causes;
      expect(causes.map((c) => c.field)).toContain('spec.templates');
    }
  });

  // difference 2: the fake's built-in list items carried apiVersion/kind; the real server's carry neither
  it('a list: kind, apiVersion and a string resourceVersion; items carry their kind', async () => {
    const answers = await both([
      ['POST', PODS, pod('listed')],
      ['GET', PODS],
      ['GET', PVCS],
      ['GET', WF],
    ]);
    expectSameShapes(answers);
    for (const { fake: f, real: r } of answers.slice(1)) {
      const [fb, rb] = [f.body as any, r.body as any];
      expect(typeof fb.metadata.resourceVersion).toBe(typeof rb.metadata.resourceVersion);
      expect(fb.items.map((i: any) => [i.kind, i.apiVersion])).toEqual(
        rb.items.map((i: any) => [i.kind, i.apiVersion]),
      );
    }
  });

  // difference 4 (kept): the parse error's text differs
  it('400 on a label selector that does not parse', async () => {
    expectSameShapes(await both([['GET', `${WF}?labelSelector=${encodeURIComponent('a in (b')}`]]), false);
  });

  // difference 5 (by design): a pod without a node has no log on the real server (204); the fake, which plays
  // the kubelet too, answers 200 with the text; on the real tier the worker's proxy fills in that text
  it('a log of a pod that has no node: 204 on the real server, the kubelet stand-in 200 with the text', async () => {
    fake.setPodLog('argo', 'nolog', 'main', 'hello\n');
    real.proxy.setPodLog('argo', 'nolog', 'main', 'hello\n');
    const answers = await both([
      ['POST', PODS, pod('nolog')],
      ['GET', `${PODS}/nolog/log?container=main`],
    ]);
    expect(answers[1]!.real).toEqual({ status: 204, body: '' });
    expect(answers[1]!.fake).toEqual({ status: 200, body: 'hello\n' });
    const viaProxy = kubeHttp(real.proxy.url, real.workerToken);
    expect(await viaProxy('GET', `${PODS}/nolog/log?container=main`)).toEqual({ status: 200, body: 'hello\n' });
    expect(await viaProxy('GET', `${PODS}/nolog/log?container=nope`)).toMatchObject({ status: 400 });
    expect(await viaProxy('GET', `${PODS}/absent/log?container=main`)).toMatchObject({ status: 404 });
  });
});
