import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import type { StartResult, TemporalGateway } from '../../api/temporal-gateway';
import type { CiTrigger } from '../../domain/types';
import { examplePayload, postDelivery, signedDelivery } from '../support/webhook-delivery';

const secret = 'test-webhook-secret';
const appId = 29310; // the App id in @octokit/webhooks-examples

class RecordingGateway implements TemporalGateway {
  starts: Array<{ trigger: CiTrigger; runKey: string }> = [];
  failWith: Error | undefined;
  reachable = true;
  async startCiRun(trigger: CiTrigger, runKey: string): Promise<StartResult> {
    if (this.failWith) throw this.failWith;
    this.starts.push({ trigger, runKey });
    return { workflowId: `ci/${trigger.repo.owner}/${trigger.repo.name}/${runKey}`, started: this.starts.length === 1 };
  }
  async isReachable(): Promise<boolean> {
    return this.reachable;
  }
}

describe('POST /webhooks/github', () => {
  const gateway = new RecordingGateway();
  const serving = true;
  let server: Server;
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
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    gateway.starts = [];
    gateway.failWith = undefined;
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
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
