import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePayload, signedDelivery } from '../support/webhook-delivery';
import { argoWorkflowsFor, checkRunsFor, deliverAccepted, prepareCheckSuite, runningArgoWorkflow } from './deliveries';
import { buildAndTest } from './pipelines';
import { exampleAppId, startStack, webhookSecret, type Stack } from './stack';

describe('a newer push to the same branch', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('cancels the older run: its Argo Workflow is stopped and its check run concluded cancelled', async () => {
    stack.argo.plan(() => ({ holdRunning: true }));
    const older = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest }, 'feature/x');
    const olderRun = await deliverAccepted(stack, older.delivery);
    const olderName = await runningArgoWorkflow(stack, olderRun);

    stack.argo.plan(() => ({}));
    const newer = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest }, 'feature/x');
    const newerRun = await deliverAccepted(stack, newer.delivery);

    await expect(olderRun.result()).rejects.toThrow(/cancel/i);
    const stopped = argoWorkflowsFor(stack, older.sha)[0]!;
    expect(stopped.metadata.name).toBe(olderName);
    expect(stopped.spec.activeDeadlineSeconds).toBe(0);
    const olderCheckRun = checkRunsFor(stack, older.sha)[0]!;
    expect(olderCheckRun.fields).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    // nothing reached GitHub after the conclusion (a late progress update would reopen the check run)
    expect(olderCheckRun.history.at(-1)!.body).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect((await olderRun.describe()).status.name).toBe('CANCELLED');

    expect(await newerRun.result()).toMatchObject({ outcome: 'success' });
    expect(checkRunsFor(stack, newer.sha)[0]!.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
  }, 120_000);

  it('leaves runs of other branches and other entrypoints alone', async () => {
    stack.argo.plan(() => ({ holdRunning: true }));
    const otherBranch = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest }, 'feature/y');
    const otherRun = await deliverAccepted(stack, otherBranch.delivery);
    const otherName = await runningArgoWorkflow(stack, otherRun);

    stack.argo.plan(() => ({}));
    const push = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest }, 'feature/z');
    expect(await (await deliverAccepted(stack, push.delivery)).result()).toMatchObject({ outcome: 'success' });

    expect((await otherRun.describe()).status.name).toBe('RUNNING');
    expect(argoWorkflowsFor(stack, otherBranch.sha)[0]!.spec.activeDeadlineSeconds).toBeUndefined();
    // A re-run of the `test` step's check run on the same branch is another entrypoint: not a newer push.
    const rerun = examplePayload('check_run', 'rerequested');
    Object.assign(rerun['check_run'], { name: 'Workflow - test', external_id: 'test', head_sha: otherBranch.sha });
    Object.assign(rerun['check_run'].check_suite, {
      head_branch: 'feature/y',
      head_sha: otherBranch.sha,
      app: { ...rerun['check_run'].check_suite.app, id: exampleAppId },
    });
    Object.assign(rerun, {
      repository: examplePayload('check_suite', 'requested')['repository'],
      installation: { id: 957387 },
    });
    const stepRun = await deliverAccepted(stack, await signedDelivery(webhookSecret, 'check_run', rerun));
    expect(await stepRun.result()).toMatchObject({ outcome: 'success' });
    expect(checkRunsFor(stack, otherBranch.sha).map((c) => c.fields['name'])).toContain('Workflow - test');

    expect((await otherRun.describe()).status.name).toBe('RUNNING');
    stack.argo.finish('argo', otherName, 'Succeeded');
    expect(await otherRun.result()).toMatchObject({ outcome: 'success' });
  }, 120_000);
});
