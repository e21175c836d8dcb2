import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { RecordingGateway } from '../support/recording-gateway';
import { listenOnLoopback, type Listening } from '../support/listen';
import { examplePayload, postDelivery, signedDelivery } from '../support/webhook-delivery';

const secret = 'test-webhook-secret';
const appId = 29310;

/** The recorded button press, made ours (App id) and turned into a Clear Cache press. */
function press(identifier: 'clearCache' | 'clearCacheBranch') {
  const payload = examplePayload('check_run', 'requested_action');
  payload['check_run'].check_suite.app.id = appId;
  payload['requested_action'] = { identifier };
  return payload;
}

/** The recorded tag delete (with an installation), made a branch delete. */
function branchDelete(branch: string) {
  const payload = examplePayload('delete', undefined, 2);
  Object.assign(payload, { ref_type: 'branch', ref: branch });
  return payload;
}

function repositoryEvent(action: string) {
  const payload = examplePayload('repository', 'publicized');
  payload['action'] = action;
  return payload;
}

describe('POST /webhooks/github: cache clears', () => {
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
      allowedOrgs: /^(Codertocat|electron)$/,
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
  const deliver = async (event: string, payload: unknown) =>
    await postDelivery(api!.url, await signedDelivery(secret, event, payload));

  it('hands a Clear Cache press to Temporal (202); the same body again is the same clear', async () => {
    const delivery = await signedDelivery(secret, 'check_run', press('clearCache'));
    const first = await postDelivery(api!.url, delivery);
    expect(first.status).toBe(202);
    expect(gateway.cacheClears).toHaveLength(1);
    const { request, deliveryId, workflowId } = gateway.cacheClears[0]!;
    expect(deliveryId).toBe(delivery.id);
    expect(request).toMatchObject({
      repo: { owner: 'electron', name: 'electron' },
      reason: 'cache clear requested by codebytere',
      pressed: { id: 1494503112, name: 'API Review', sender: 'codebytere' },
    });
    expect(request.branch).toBeUndefined();
    expect(JSON.parse(first.body)).toEqual({ workflowId, started: true });
    const again = await postDelivery(api!.url, { ...delivery, id: 'redelivered' });
    expect(JSON.parse(again.body)).toEqual({ workflowId, started: false });
    expect(gateway.starts).toEqual([]);
    expect(gateway.clicks).toEqual([]);
  });

  it('hands clearCacheBranch over with the head branch', async () => {
    expect((await deliver('check_run', press('clearCacheBranch'))).status).toBe(202);
    expect(gateway.cacheClears[0]!.request.branch).toBe('miniak/event-process-id');
  });

  it('hands a branch delete and a repository archive over; tag deletes and renames are ignored', async () => {
    expect((await deliver('delete', branchDelete('feature/x'))).status).toBe(202);
    expect((await deliver('repository', repositoryEvent('archived'))).status).toBe(202);
    expect(gateway.cacheClears.map((c) => [c.request.branch, c.request.reason])).toEqual([
      ['feature/x', 'deleted branch feature/x'],
      [undefined, 'archived repository'],
    ]);
    const tag = await deliver('delete', examplePayload('delete', undefined, 2));
    expect([tag.status, tag.body]).toEqual([200, 'ignored: ignore tag delete event\n']);
    const renamed = await deliver('repository', examplePayload('repository', 'renamed'));
    expect([renamed.status, renamed.body]).toEqual([200, 'ignored: ignore repo renamed event\n']);
    expect(gateway.cacheClears).toHaveLength(2);
  });

  it('applies the org and installation filters (unlike the original)', async () => {
    const other = repositoryEvent('deleted');
    other['repository'].owner.login = 'Mallory';
    expect(await deliver('repository', other)).toEqual({
      status: 403,
      body: 'refusing event from untrusted org Mallory\n',
    });
    allowedInstallationIds = [42];
    expect(await deliver('delete', branchDelete('main'))).toEqual({ status: 403, body: 'unknown installation 1\n' });
    expect(await deliver('repository', repositoryEvent('deleted'))).toEqual({
      status: 403,
      body: 'event names no installation\n',
    });
    expect(gateway.cacheClears).toEqual([]);
  });

  it('answers 503 when Temporal does not take the clear, so GitHub can redeliver', async () => {
    gateway.failWith = new Error('connection refused');
    const res = await deliver('delete', branchDelete('main'));
    expect(res.status).toBe(503);
    expect(res.body).toMatch(/redeliver/);
  });
});
