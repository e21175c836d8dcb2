import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { RecordingGateway } from '../support/recording-gateway';
import { examplePayload, postDelivery, signedDelivery } from '../support/webhook-delivery';
import { listenOnLoopback, type Listening } from '../support/listen';

const secret = 'test-webhook-secret';

/** The API's answers to the events that cancel runs or start ref runs (issue 8), against a recording gateway. */
describe('POST /webhooks/github: cancellations and ref runs', () => {
  const gateway = new RecordingGateway();
  let api: Listening | undefined;
  let allowedInstallationIds: number[] = [];
  const post = async (event: string, payload: unknown) =>
    postDelivery(api!.url, await signedDelivery(secret, event, payload));

  beforeAll(async () => {
    const app = createApp({
      secret,
      appId: 29310,
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

  it('answers a closed PR 202 with the runs it cancelled', async () => {
    gateway.cancelledIds = ['ci/Codertocat/Hello-World/x/default/push-changes'];
    const res = await post('pull_request', examplePayload('pull_request', 'closed'));
    expect(res.status).toBe(202);
    expect(JSON.parse(res.body)).toEqual({ cancelled: gateway.cancelledIds, reason: 'pull request #2 closed' });
    expect(gateway.cancels).toEqual([
      {
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        installationId: 1,
        pullRequest: 2,
        reason: 'pull request #2 closed',
      },
    ]);
  });

  it('answers 503 when Temporal cannot take the cancellation, so GitHub can redeliver', async () => {
    gateway.failWith = new Error('temporal down');
    const res = await post('pull_request', examplePayload('pull_request', 'closed'));
    expect(res.status).toBe(503);
  });

  it('refuses a cancellation from an installation the App does not serve', async () => {
    allowedInstallationIds = [957387];
    const res = await post('pull_request', examplePayload('pull_request', 'closed'));
    expect(res.status).toBe(403);
    expect(gateway.cancels).toHaveLength(0);
  });

  it('clears a deleted branch’s caches and cancels its runs in one answer', async () => {
    gateway.cancelledIds = ['run-1'];
    const payload = examplePayload('delete', undefined, 0);
    Object.assign(payload, { ref_type: 'branch', ref: 'feature/x' });
    const res = await post('delete', payload);
    expect(res.status).toBe(202);
    expect(JSON.parse(res.body)).toMatchObject({ started: true, cancelled: ['run-1'] });
    expect(gateway.cacheClears).toHaveLength(1);
    expect(gateway.cancels).toMatchObject([{ branch: 'feature/x', reason: 'deleted branch feature/x' }]);
  });

  it('hands a created tag to a ref run, once per body', async () => {
    const payload = examplePayload('create', undefined, 3);
    const first = await post('create', payload);
    expect(first.status).toBe(202);
    expect(JSON.parse(first.body)).toMatchObject({ started: true, workflowId: expect.stringMatching(/^ref-run\//) });
    expect(gateway.refRuns[0]).toMatchObject({
      trigger: { source: 'tag', refType: 'tag', ref: 'simple-tag' },
      runKey: expect.stringMatching(/^tag-[0-9a-f]{16}$/),
      event: payload,
    });
    expect(JSON.parse((await post('create', payload)).body)).toMatchObject({ started: false });
  });
});
