import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postDelivery } from '../support/webhook-delivery';
import { argoWorkflowsFor, checkRunsFor, deliverAccepted, prepareCheckSuite } from './deliveries';
import { buildAndTest } from './pipelines';
import { startStack, type Stack } from './stack';

describe('webhook redelivery and a Temporal outage', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('runs one delivery sent five times in a row exactly once', async () => {
    const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await postDelivery(stack.apiUrl, delivery));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(answers.map((a) => JSON.parse(a.body).started)).toEqual([true, false, false, false, false]);
    await stack.client.workflow.getHandle(JSON.parse(answers[0]!.body).workflowId).result();
    expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
    expect(checkRunsFor(stack, sha)).toHaveLength(1);
  });

  it('runs one delivery sent five times at once exactly once', async () => {
    const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    const answers = await Promise.all(Array.from({ length: 5 }, () => postDelivery(stack.apiUrl, delivery)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(answers.filter((a) => JSON.parse(a.body).started)).toHaveLength(1);
    await stack.client.workflow.getHandle(JSON.parse(answers[0]!.body).workflowId).result();
    // a redelivery after the run finished still finds it
    expect(JSON.parse((await postDelivery(stack.apiUrl, delivery)).body).started).toBe(false);
    expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
    expect(checkRunsFor(stack, sha)).toHaveLength(1);
  });

  it('answers 503 while Temporal is down, and a redelivery once it is back runs the build', async () => {
    const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    await stack.temporal.server.stop(true);
    try {
      const res = await postDelivery(stack.apiUrl, delivery);
      expect(res.status).toBe(503);
      expect(res.body).toMatch(/temporal is unavailable/);
    } finally {
      await stack.temporal.server.start();
    }
    const handle = await deliverAccepted(stack, delivery);
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
    expect(checkRunsFor(stack, sha)[0]!.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
  }, 120_000);
});
