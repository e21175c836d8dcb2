import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postDelivery } from '../support/webhook-delivery';
import { argoWorkflowsFor, checkRunsFor, deliverCheckSuite, waitUntil } from './deliveries';
import { pressDelivery } from './manual-step-press';
import { withManualSteps } from './pipelines';
import { startStack, type Stack } from './stack';

const BRANCH = 'feature/manual';
const entrypointOf = (wf: { spec: { entrypoint?: string } }) => wf.spec.entrypoint;

/**
 * Manual steps end to end: a real signed check_suite webhook → the run succeeds → its manual steps are
 * check runs on the fake GitHub → real signed `requested_action` presses → what GitHub ends up showing.
 */
describe('manual steps, end to end', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ manualStepWaitMs: 60_000 });
  }, 120_000);
  afterAll(async () => await stack?.close());
  beforeEach(() => stack.argo.plan(() => ({})));

  async function offeredSteps(sha: string) {
    const byName = (name: string) => checkRunsFor(stack, sha).find((c) => c.fields['name'] === name);
    await waitUntil(
      () =>
        !!byName('Workflow - release') &&
        !!byName('Workflow - lint') &&
        byName('Workflow - build')?.fields['status'] === 'completed',
      30_000,
    );
    return {
      release: byName('Workflow - release')!,
      lint: byName('Workflow - lint')!,
      main: byName('Workflow - build')!,
    };
  }

  it('offers the steps, runs one on Run exactly once (pressed twice), skips the other, and the essential one turns success', async () => {
    const { sha, handle } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': withManualSteps }, BRANCH);
    const { release, lint, main } = await offeredSteps(sha);
    expect(main.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(release.fields).toMatchObject({
      status: 'completed',
      conclusion: 'action_required',
      external_id: 'release',
      output: expect.objectContaining({ title: 'Manual Step' }),
      actions: [
        { label: 'Run', description: 'run this workflow template manually', identifier: 'run' },
        { label: 'Skip', description: 'mark as complete without running', identifier: 'skip' },
      ],
    });
    expect(lint.fields).toMatchObject({ conclusion: 'neutral' });
    expect(release.fields['details_url']).toContain(encodeURIComponent(handle.workflowId));

    const press = await pressDelivery(release, 'run', BRANCH);
    const [first, again] = [await postDelivery(stack.apiUrl, press), await postDelivery(stack.apiUrl, press)];
    expect(first.status, first.body).toBe(202);
    expect(again.status, again.body).toBe(202);
    const childId = JSON.parse(first.body).result.workflowId as string;
    expect(JSON.parse(again.body)).toEqual(JSON.parse(first.body));
    const child = await stack.client.workflow.getHandle(childId).result();
    expect(child.outcome).toBe('success');
    expect(argoWorkflowsFor(stack, sha).map(entrypointOf).sort()).toEqual(['build', 'release']);
    // the step's run has its own check run; the essential step's own check run turned success
    const releases = checkRunsFor(stack, sha).filter((c) => c.fields['name'] === 'Workflow - release');
    expect(releases).toHaveLength(2);
    await waitUntil(() => releases.every((c) => c.fields['conclusion'] === 'success'), 10_000);

    const skipped = await postDelivery(stack.apiUrl, await pressDelivery(lint, 'skip', BRANCH, 'hubot'));
    expect(skipped.status, skipped.body).toBe(202);
    const result = await handle.result();
    expect(result.manualSteps?.map((step: { template: string; state: string }) => [step.template, step.state])).toEqual(
      [
        ['release', 'succeeded'],
        ['lint', 'skipped'],
      ],
    );
    expect(lint.fields).toMatchObject({
      conclusion: 'neutral',
      output: expect.objectContaining({
        title: 'Manual Step - Skipped',
        summary: 'User hubot skipped this manual action',
      }),
    });
    expect(stack.github.schemaViolations).toEqual([]);
  }, 120_000);

  it('answers 409 with the reason for a press on a step that is already running', async () => {
    stack.argo.plan((wf) => (wf.spec.entrypoint === 'lint' ? { holdRunning: true } : {}));
    const { sha } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': withManualSteps }, BRANCH);
    const { lint } = await offeredSteps(sha);
    expect((await postDelivery(stack.apiUrl, await pressDelivery(lint, 'run', BRANCH))).status).toBe(202);
    const second = await postDelivery(stack.apiUrl, await pressDelivery(lint, 'run', BRANCH, 'someone-else'));
    expect(second).toEqual({ status: 409, body: expect.stringContaining('manual step lint is already running') });
    const lintRun = () => argoWorkflowsFor(stack, sha).find((wf) => entrypointOf(wf) === 'lint');
    await waitUntil(() => lintRun()?.status?.phase === 'Running');
    stack.argo.finish('argo', lintRun()!.metadata.name!, 'Succeeded');
  }, 120_000);

  it('answers 503 "did not take the press" while the run has no worker, and the redelivery is the one press', async () => {
    const { sha, handle } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': withManualSteps }, BRANCH);
    const { lint } = await offeredSteps(sha);
    const press = await pressDelivery(lint, 'skip', BRANCH);
    await stack.stopWorker();
    let first;
    try {
      first = await postDelivery(stack.apiUrl, press);
    } finally {
      await stack.startWorker();
    }
    expect(first.status).toBe(503);
    expect(first.body).toContain(`run ${handle.workflowId} did not take the skip press in time`);
    expect(first.body).not.toContain('temporal is unavailable');
    const again = await postDelivery(stack.apiUrl, press);
    expect(again.status, again.body).toBe(202);
    expect(JSON.parse(again.body)).toMatchObject({ kind: 'delivered', ownerWorkflowId: handle.workflowId });
    const title = () => (lint.fields['output'] as { title?: string } | undefined)?.title;
    await waitUntil(() => title() === 'Manual Step - Skipped', 20_000);
    await stack.client.workflow.getHandle(handle.workflowId).cancel();
  }, 120_000);

  it('offers nothing on the default branch', async () => {
    const { sha, handle } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': withManualSteps }, 'master');
    const result = await handle.result();
    expect(result.outcome).toBe('success');
    expect(result.manualSteps).toBeUndefined();
    expect(checkRunsFor(stack, sha).map((c) => c.fields['name'])).toEqual(['Workflow - build']);
  }, 60_000);
});
