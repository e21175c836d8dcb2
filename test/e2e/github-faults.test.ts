import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argoWorkflowsFor, checkRunsFor, conclusionsSent, deliverAccepted, prepareCheckSuite } from './deliveries';
import { buildAndTest } from './pipelines';
import { startStack, type Stack } from './stack';

describe('GitHub failing for a while', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('5xx and rate limits are retried by Temporal: the run succeeds with one check run, concluded once', async () => {
    const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    stack.github.injectFault({ method: 'POST', path: /^\/graphql$/, status: 502, times: 1 });
    stack.github.injectFault({ method: 'POST', path: /\/check-runs$/, status: 503, times: 2 });
    stack.github.injectFault({
      method: 'PATCH',
      path: /\/check-runs\/\d+$/,
      status: 403,
      times: 1,
      headers: { 'x-ratelimit-remaining': '0', 'retry-after': '1' },
      message: 'API rate limit exceeded',
    });
    const handle = await deliverAccepted(stack, delivery);
    expect(await handle.result()).toMatchObject({ outcome: 'success' });

    const statuses = stack.github.requests
      .filter((r) => r.path.includes('/check-runs'))
      .map((r) => `${r.method} ${r.status}`);
    expect(statuses).toEqual(expect.arrayContaining(['POST 503', 'PATCH 403', 'POST 201']));
    const checkRuns = checkRunsFor(stack, sha);
    expect(checkRuns).toHaveLength(1);
    expect(checkRuns[0]!.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(conclusionsSent(checkRuns[0]!)).toBe(1);
  }, 60_000);

  it('a check-run create whose answer is lost is retried by looking first: one check run, no second create', async () => {
    const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    stack.github.reset();
    // GitHub makes the check run, then the answer never arrives (a 502 after the commit)
    stack.github.injectFault({ method: 'POST', path: /\/check-runs$/, status: 502, times: 1, afterCommit: true });
    const handle = await deliverAccepted(stack, delivery);
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    const calls = stack.github.requests
      .filter((r) => r.operationId?.startsWith('checks/'))
      .map((r) => `${r.operationId} ${r.status}`);
    // the first attempt creates at once; only the retry lists, finds the one it made, and creates nothing
    expect(calls.slice(0, 2)).toEqual(['checks/create 502', 'checks/list-for-ref 200']);
    expect(calls.filter((c) => c.startsWith('checks/create'))).toEqual(['checks/create 502']);
    const checkRuns = checkRunsFor(stack, sha);
    expect(checkRuns).toHaveLength(1);
    expect(checkRuns[0]!.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
  }, 60_000);

  it('a permission GitHub will not grant ends the run at once, with a check run that says why', async () => {
    const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    stack.github.injectFault({
      method: 'POST',
      path: /^\/graphql$/,
      status: 403,
      times: 1,
      message: 'Resource not accessible by integration',
    });
    const handle = await deliverAccepted(stack, delivery);
    const result = await handle.result();
    expect(result).toMatchObject({
      outcome: 'failure',
      reason: expect.stringMatching(/^kube-ci cannot read the pipeline: /),
    });
    expect(stack.github.requests.filter((r) => r.path === '/graphql' && r.status === 403)).toHaveLength(1);
    const [checkRun, ...others] = checkRunsFor(stack, sha);
    expect(others).toHaveLength(0);
    expect(checkRun!.fields).toMatchObject({ name: 'Default Workflow', status: 'completed', conclusion: 'failure' });
    expect((checkRun!.fields['output'] as { summary: string }).summary).toMatch(
      /Resource not accessible by integration/,
    );
    expect(argoWorkflowsFor(stack, sha)).toHaveLength(0);
  }, 60_000);
});
