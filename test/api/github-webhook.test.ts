import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { RecordingGateway } from '../support/recording-gateway';
import { examplePayload, postDelivery, signedDelivery } from '../support/webhook-delivery';
import { listenOnLoopback, type Listening } from '../support/listen';

const secret = 'test-webhook-secret';
const appId = 29310; // the App id in @octokit/webhooks-examples

describe('POST /webhooks/github', () => {
  const gateway = new RecordingGateway();
  const serving = true;
  let api: Listening | undefined;
  let baseUrl: string;
  let allowedInstallationIds: number[] = [];

  beforeAll(async () => {
    const app = createApp({
      secret,
      appId,
      get allowedInstallationIds() {
        return allowedInstallationIds;
      },
      allowedOrgs: /^(Codertocat|Octocoders)$/,
      temporal: gateway,
      logger: pino({ level: 'silent' }),
      isServing: () => serving,
      maxWebhookBytes: 64 * 1024,
      maxEventInputBytes: 16 * 1024,
    });
    api = await listenOnLoopback(app);
    baseUrl = api.url;
  });
  afterAll(async () => await api?.close());
  beforeEach(() => {
    gateway.reset();
    allowedInstallationIds = [];
  });

  it('hands a signed check_suite.requested to Temporal and answers 202', async () => {
    const delivery = await signedDelivery(secret, 'check_suite', examplePayload('check_suite', 'requested'));
    const res = await postDelivery(baseUrl, delivery);
    expect(res.status).toBe(202);
    expect(gateway.starts).toHaveLength(1);
    const { trigger } = gateway.starts[0]!;
    expect(trigger).toMatchObject({
      source: 'check_suite',
      installationId: 957387,
      repo: { owner: 'Codertocat', name: 'Hello-World' },
      sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      ref: 'master',
      refType: 'branch',
      entrypoint: '',
      deliveryId: delivery.id,
    });
    expect(JSON.parse(res.body)).toMatchObject({ started: true });
  });

  it('rejects a bad signature with 401 and starts nothing', async () => {
    const delivery = await signedDelivery('another-secret', 'check_suite', examplePayload('check_suite', 'requested'));
    const res = await postDelivery(baseUrl, delivery);
    expect(res.status).toBe(401);
    expect(res.body).toMatch(/did not validate/);
    expect(gateway.starts).toHaveLength(0);
  });

  it('rejects a body changed after signing', async () => {
    const delivery = await signedDelivery(secret, 'check_suite', examplePayload('check_suite', 'requested'));
    const res = await postDelivery(baseUrl, { ...delivery, body: delivery.body.replace('master', 'main') });
    expect(res.status).toBe(401);
    expect(gateway.starts).toHaveLength(0);
  });

  it('rejects a missing signature with 401', async () => {
    const delivery = await signedDelivery(secret, 'check_suite', examplePayload('check_suite', 'requested'));
    delete delivery.headers['x-hub-signature-256'];
    const res = await postDelivery(baseUrl, delivery);
    expect(res.status).toBe(401);
    expect(res.body).toMatch(/missing x-hub-signature-256/);
  });

  it('rejects missing event and delivery headers with 400', async () => {
    const delivery = await signedDelivery(secret, 'check_suite', examplePayload('check_suite', 'requested'));
    delete delivery.headers['x-github-event'];
    expect((await postDelivery(baseUrl, delivery)).status).toBe(400);
  });

  it('rejects malformed JSON with 400 even when signed', async () => {
    const delivery = await signedDelivery(secret, 'check_suite', {});
    const broken = { ...delivery, body: '{"action": "requested",' };
    const { sign } = await import('@octokit/webhooks-methods');
    broken.headers = { ...broken.headers, 'x-hub-signature-256': await sign(secret, broken.body) };
    const res = await postDelivery(baseUrl, broken);
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/could not parse request/);
  });

  it('rejects an unsupported content type with 415', async () => {
    const delivery = await signedDelivery(secret, 'check_suite', examplePayload('check_suite', 'requested'));
    delivery.headers['content-type'] = 'text/plain';
    expect((await postDelivery(baseUrl, delivery)).status).toBe(415);
  });

  it('accepts the form-encoded delivery format', async () => {
    const payload = JSON.stringify(examplePayload('check_suite', 'requested'));
    const body = new URLSearchParams({ payload }).toString();
    const { sign } = await import('@octokit/webhooks-methods');
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-github-event': 'check_suite',
      'x-github-delivery': 'form-1',
      'x-hub-signature-256': await sign(secret, body),
    };
    const res = await postDelivery(baseUrl, { id: 'form-1', event: 'check_suite', body, headers });
    expect(res.status).toBe(202);
    expect(gateway.starts).toHaveLength(1);
  });

  it('answers 200 with a reason for events it ignores', async () => {
    const res = await postDelivery(baseUrl, await signedDelivery(secret, 'star', examplePayload('star')));
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^ignored: unknown event type star/);
    expect(gateway.starts).toHaveLength(0);
  });

  it('ignores check suites of other Apps', async () => {
    const payload = examplePayload('check_suite', 'requested');
    payload['check_suite'].app.id = 1;
    const res = await postDelivery(baseUrl, await signedDelivery(secret, 'check_suite', payload));
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/wrong appID/);
  });

  it('answers 503 when Temporal does not take the run, so GitHub can redeliver', async () => {
    gateway.failWith = new Error('14 UNAVAILABLE: connection refused');
    const res = await postDelivery(
      baseUrl,
      await signedDelivery(secret, 'check_suite', examplePayload('check_suite', 'requested')),
    );
    expect(res.status).toBe(503);
    expect(res.body).toMatch(/redeliver/);
  });

  it('refuses installations outside the allowed list with 403', async () => {
    allowedInstallationIds = [1, 2];
    const res = await postDelivery(
      baseUrl,
      await signedDelivery(secret, 'check_suite', examplePayload('check_suite', 'requested')),
    );
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/unknown installation 957387/);
    expect(gateway.starts).toHaveLength(0);
  });

  it('refuses owners that do not match the orgs filter with 403', async () => {
    const payload = examplePayload('check_suite', 'requested');
    payload['repository'].owner.login = 'evil-corp';
    const res = await postDelivery(baseUrl, await signedDelivery(secret, 'check_suite', payload));
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/untrusted org evil-corp/);
  });

  async function postSigned(body: string, headers: Record<string, string> = {}) {
    const { sign } = await import('@octokit/webhooks-methods');
    return postDelivery(baseUrl, {
      id: 'd',
      event: 'check_suite',
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'check_suite',
        'x-github-delivery': 'd-1',
        'x-hub-signature-256': await sign(secret, body),
        ...headers,
      },
    });
  }

  it.each([
    ['[]', 'an array'],
    ['null', 'null'],
    ['42', 'a number'],
    ['"x"', 'a string'],
    ['true', 'a boolean'],
  ])('answers a signed %s body 400 with the reason', async (body, got) => {
    const res = await postSigned(body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(`could not parse request: a webhook payload is a JSON object, got ${got}\n`);
    expect(gateway.starts).toHaveLength(0);
  });

  it('answers a body over KUBECI_MAX_WEBHOOK_BYTES 413 with the reason, before checking it', async () => {
    const payload = examplePayload('check_suite', 'requested');
    payload['padding'] = 'x'.repeat(70 * 1024);
    const res = await postDelivery(baseUrl, await signedDelivery(secret, 'check_suite', payload));
    expect(res.status).toBe(413);
    expect(res.body).toBe(
      'webhook body is over 65536 bytes (KUBECI_MAX_WEBHOOK_BYTES); GitHub caps payloads at 25 MB\n',
    );
    expect(gateway.starts).toHaveLength(0);
  });

  it('starts a run for an event over KUBECI_MAX_EVENT_INPUT_BYTES, with a note instead of the payload', async () => {
    const payload = examplePayload('check_suite', 'requested');
    payload['check_suite'].head_commit.message = 'a long commit message '.repeat(1000);
    const delivery = await signedDelivery(secret, 'check_suite', payload);
    const res = await postDelivery(baseUrl, delivery);
    expect(res.status).toBe(202);
    expect(gateway.starts).toHaveLength(1);
    expect(gateway.starts[0]!.trigger.sha).toBe('f95f852bd8fca8fcc58a9a2d6c842781e32a215e');
    expect(gateway.starts[0]!.event).toEqual({
      kube_ci_event_omitted: `the webhook payload was ${Buffer.byteLength(delivery.body)} bytes, over KUBECI_MAX_EVENT_INPUT_BYTES (16384); it is left out of the run's input, which Temporal limits to 2 MB`,
    });
  });

  it('starts a run for an event nested 20,000 levels deep, with a note instead of the payload', async () => {
    // an app with the default limits: the body (49 KB) is within them, only its depth is not
    const app = createApp({
      secret,
      appId,
      allowedInstallationIds: [],
      temporal: gateway,
      logger: pino({ level: 'silent' }),
      isServing: () => true,
    });
    const own = await listenOnLoopback(app);
    try {
      const payload = JSON.stringify(examplePayload('check_suite', 'requested'));
      const body = `{"deep":${'['.repeat(20_000)}${']'.repeat(20_000)},${payload.slice(1)}`;
      const { sign } = await import('@octokit/webhooks-methods');
      const res = await postDelivery(own.url, {
        id: 'deep',
        event: 'check_suite',
        body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'check_suite',
          'x-github-delivery': 'deep-1',
          'x-hub-signature-256': await sign(secret, body),
        },
      });
      expect(res.status).toBe(202);
      expect(gateway.starts[0]!.event).toEqual({
        kube_ci_event_omitted: 'the webhook payload nests deeper than 100 levels; it is left out',
      });
    } finally {
      await own.close();
    }
  });

  it('carries a payload within the limit unchanged as the run event', async () => {
    const payload = examplePayload('check_suite', 'requested');
    await postDelivery(baseUrl, await signedDelivery(secret, 'check_suite', payload));
    expect(gateway.starts[0]!.event).toEqual(payload);
  });

  it('keys explicit re-runs on the signed body: replays with fresh delivery ids are one run, a new body another', async () => {
    const payload = examplePayload('check_suite', 'rerequested');
    const body = JSON.stringify(payload);
    for (const id of ['first', 'replay-1', 'replay-2']) {
      expect((await postSigned(body, { 'x-github-delivery': id })).status).toBe(202);
    }
    payload['check_suite'].updated_at = '2026-12-01T10:00:00Z';
    expect((await postSigned(JSON.stringify(payload), { 'x-github-delivery': 'second-click' })).status).toBe(202);
    const keys = gateway.starts.map((s) => s.runKey);
    expect(keys[0]).toMatch(/^rerun-[0-9a-f]{16}$/);
    expect(keys.slice(0, 3)).toEqual([keys[0], keys[0], keys[0]]);
    expect(keys[3]).toMatch(/^rerun-[0-9a-f]{16}$/);
    expect(keys[3]).not.toBe(keys[0]);
  });

  it.each([
    ['a delivery id with spaces', { 'x-github-delivery': 'not a guid' }, 400, /^x-github-delivery must be an id/],
    ['a delivery id of 200 characters', { 'x-github-delivery': 'd'.repeat(200) }, 400, /^x-github-delivery must/],
    ['an unknown content encoding', { 'content-encoding': 'zstd-nope' }, 415, /^could not read request: /],
    ['a broken gzip body', { 'content-encoding': 'gzip' }, 400, /^could not read request: /],
  ])('answers %s with a 4xx and the reason', async (_what, headers, status, reason) => {
    const res = await postSigned(JSON.stringify(examplePayload('check_suite', 'requested')), headers);
    expect(res.status).toBe(status);
    expect(res.body).toMatch(reason);
    expect(gateway.starts).toHaveLength(0);
  });

  it('keeps serving after bad requests', async () => {
    await postDelivery(baseUrl, {
      id: 'x',
      event: 'x',
      body: 'garbage',
      headers: { 'content-type': 'application/json' },
    });
    const res = await postDelivery(
      baseUrl,
      await signedDelivery(secret, 'check_suite', examplePayload('check_suite', 'requested')),
    );
    expect(res.status).toBe(202);
  });
});

describe('health endpoints', () => {
  it('reports /status like the original and /readyz from Temporal reachability', async () => {
    const gateway = new RecordingGateway();
    let serving = true;
    const app = createApp({
      secret,
      appId,
      allowedInstallationIds: [],
      temporal: gateway,
      logger: pino({ level: 'silent' }),
      isServing: () => serving,
    });
    const api = await listenOnLoopback(app);
    const base = api.url;
    try {
      expect(await (await fetch(`${base}/status`)).json()).toEqual({ service: 'kube-ci', status: 200 });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      gateway.reachable = false;
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      serving = false;
      const res = await fetch(`${base}/status`);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ service: 'kube-ci', status: 500 });
    } finally {
      await api.close();
    }
  });
});
