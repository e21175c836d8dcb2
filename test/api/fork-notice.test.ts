import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { RecordingGateway } from '../support/recording-gateway';
import { listenOnLoopback, type Listening } from '../support/listen';
import { examplePayload, postDelivery, signedDelivery } from '../support/webhook-delivery';

const secret = 'test-webhook-secret';
const appId = 29310; // the App id in @octokit/webhooks-examples

/** A recorded `pull_request.<action>` whose head is in a fork of Codertocat/Hello-World. */
function forkPayload(action: 'opened' | 'synchronize', owner = 'Codertocat') {
  const payload = examplePayload('pull_request', action);
  payload['installation'] = { id: 957387 };
  payload['repository'].owner.login = owner;
  Object.assign(payload['pull_request'].head.repo, { id: 424242, full_name: 'mallory/Hello-World' });
  return payload;
}

/** A fork PR's events through the real API into the recording gateway (the e2e test posts the comment). */
describe('POST /webhooks/github: fork pull requests', () => {
  const gateway = new RecordingGateway();
  let api: Listening | undefined;
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
      isServing: () => true,
    });
    api = await listenOnLoopback(app);
  });
  afterAll(async () => await api?.close());
  beforeEach(() => {
    gateway.reset();
    allowedInstallationIds = [];
  });

  it('starts the PR head commit’s notice, answers 202 with it, and starts no run; a redelivery finds it', async () => {
    const payload = forkPayload('opened');
    const delivery = await signedDelivery(secret, 'pull_request', payload);
    const res = await postDelivery(api!.url, delivery);
    const { number } = payload['pull_request'];
    const { sha } = payload['pull_request'].head;
    const workflowId = `fork-notice/Codertocat/Hello-World/${number}/${sha}`;
    expect({ status: res.status, body: JSON.parse(res.body) }).toEqual({
      status: 202,
      body: { workflowId, started: true },
    });
    expect(gateway.forkNotices).toEqual([
      {
        workflowId,
        deliveryId: delivery.id,
        notice: {
          installationId: 957387,
          repo: { owner: 'Codertocat', name: 'Hello-World' },
          pullRequest: number,
          sha,
          action: 'opened',
        },
      },
    ]);
    expect(gateway.starts).toEqual([]);
    const again = await postDelivery(api!.url, delivery);
    expect(JSON.parse(again.body)).toEqual({ workflowId, started: false });
  });

  it('refuses an untrusted org or installation with 403, and answers 503 when Temporal is down', async () => {
    const untrusted = await postDelivery(
      api!.url,
      await signedDelivery(secret, 'pull_request', forkPayload('synchronize', 'mallory')),
    );
    expect(untrusted).toMatchObject({ status: 403, body: 'refusing event from untrusted org mallory\n' });
    allowedInstallationIds = [1];
    const other = await postDelivery(
      api!.url,
      await signedDelivery(secret, 'pull_request', forkPayload('synchronize')),
    );
    expect(other).toMatchObject({ status: 403, body: 'unknown installation 957387\n' });
    expect(gateway.forkNotices).toEqual([]);
    allowedInstallationIds = [];
    gateway.failWith = new Error('14 UNAVAILABLE: connection refused');
    const down = await postDelivery(api!.url, await signedDelivery(secret, 'pull_request', forkPayload('synchronize')));
    expect(down.status).toBe(503);
  });
});
