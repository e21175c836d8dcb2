import pino from 'pino';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { runLogFields } from '../../worker/run-log-fields';
import type { StartCiRunRequest, StartResult } from '../../temporal/gateway';
import { RecordingGateway } from '../support/recording-gateway';
import { examplePayload, postDelivery, signedDelivery } from '../support/webhook-delivery';
import { listenOnLoopback, type Listening } from '../support/listen';

const secret = 'test-webhook-secret';

describe('log lines of a webhook', () => {
  const lines: Record<string, unknown>[] = [];
  const stream = linesInto(lines);
  let api: Listening | undefined;
  beforeAll(async () => {
    const app = createApp({
      secret,
      appId: 29310,
      allowedInstallationIds: [],
      temporal: new RecordingGateway(),
      logger: pino({ level: 'info' }, stream),
      isServing: () => true,
    });
    api = await listenOnLoopback(app);
  });
  afterAll(async () => await api?.close());

  it('carry the delivery id, repository, commit and workflow id of the run they start', async () => {
    const delivery = await signedDelivery(secret, 'check_suite', examplePayload('check_suite', 'requested'));
    expect((await postDelivery(api!.url, delivery)).status).toBe(202);
    const started = lines.find((l) => l['msg'] === 'ci run started');
    expect(started).toMatchObject({
      deliveryId: delivery.id,
      event: 'check_suite',
      repo: 'Codertocat/Hello-World',
      sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      workflowId: expect.stringMatching(/^ci\/Codertocat\/Hello-World\/f95f852b/),
    });
  });

  it('say how long the request and its start call took (handledMs ≥ startMs)', async () => {
    const slowLines: Record<string, unknown>[] = [];
    const slow = createApp({
      secret,
      appId: 29310,
      allowedInstallationIds: [],
      temporal: new SlowGateway(),
      logger: pino({ level: 'info' }, linesInto(slowLines)),
      isServing: () => true,
    });
    const listening = await listenOnLoopback(slow);
    try {
      const delivery = await signedDelivery(secret, 'check_suite', examplePayload('check_suite', 'requested'));
      expect((await postDelivery(listening.url, delivery)).status).toBe(202);
      const started = slowLines.find((l) => l['msg'] === 'ci run started')!;
      expect(started['startMs']).toBeGreaterThanOrEqual(115);
      expect(started['handledMs']).toBeGreaterThanOrEqual(started['startMs'] as number);
    } finally {
      await listening.close();
    }
  });
});

/** A gateway whose starts take 120 ms. */
class SlowGateway extends RecordingGateway {
  override async startCiRun(request: StartCiRunRequest): Promise<StartResult> {
    await new Promise((resolve) => setTimeout(resolve, 120));
    return await super.startCiRun(request);
  }
}

/** A pino destination that collects the parsed lines. */
function linesInto(lines: Record<string, unknown>[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
}

describe('runLogFields', () => {
  const trigger = { deliveryId: 'd-1', repo: { owner: 'acme', name: 'app' }, sha: 'c0ffee', source: 'check_suite' };
  it('names the run of an activity input that carries a trigger, or is one', () => {
    expect(runLogFields({ trigger, checkRunId: 1 })).toEqual({ deliveryId: 'd-1', repo: 'acme/app', sha: 'c0ffee' });
    expect(runLogFields(trigger)).toEqual({ deliveryId: 'd-1', repo: 'acme/app', sha: 'c0ffee' });
  });
  it('adds nothing for inputs without one', () => {
    expect(runLogFields({ namespace: 'argo', name: 'x' })).toEqual({});
    expect(runLogFields(undefined)).toEqual({});
  });
});
