import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argoWorkflowsFor, checkRunsFor, runningArgoWorkflow } from './deliveries';
import { checkSuitePayload, finishWhenHeld, newSha, pullRequestPayload, runsOf, seed, send } from './event-deliveries';
import { buildAndTest } from './pipelines';
import { startStack, type Stack } from './stack';

const files = { '.kube-ci/ci.yaml': buildAndTest };

/** `pull_request` webhooks through the real API and worker (issue 8 item 1). */
describe('pull_request events', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it.each([
    ['pull_request.synchronize first', ['pull_request', 'check_suite']],
    ['check_suite.requested first', ['check_suite', 'pull_request']],
  ])(
    'makes one push one run, %s',
    async (_order, events) => {
      const sha = newSha();
      const branch = `feature/one-run-${events[0]}`;
      const payloads: Record<string, unknown> = {
        pull_request: pullRequestPayload('synchronize', sha, branch),
        check_suite: checkSuitePayload(sha, branch),
      };
      seed(stack, payloads['pull_request'], files);
      const first = await send(stack, events[0]!, payloads[events[0]!]);
      const second = await send(stack, events[1]!, payloads[events[1]!]);
      expect(first).toMatchObject({ status: 202, body: { started: true } });
      expect(second).toMatchObject({ status: 202, body: { started: false, workflowId: first.body.workflowId } });
      const result = await stack.client.workflow.getHandle(first.body.workflowId).result();
      expect(result).toMatchObject({ outcome: 'success' });
      expect(await runsOf(stack, sha)).toEqual([first.body.workflowId]);
      expect(checkRunsFor(stack, sha)).toHaveLength(1);
      expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
    },
    60_000,
  );

  it('gives a PR run its PR parameters (G40)', async () => {
    const sha = newSha();
    const payload = pullRequestPayload('opened', sha, 'feature/params', 777);
    seed(stack, payload, files);
    const answer = await send(stack, 'pull_request', payload);
    expect(answer.status).toBe(202);
    expect(await stack.client.workflow.getHandle(answer.body.workflowId).result()).toMatchObject({
      outcome: 'success',
    });
    const parameters = argoWorkflowsFor(stack, sha)[0]!.spec.arguments!.parameters!;
    expect(parameters).toEqual(
      expect.arrayContaining([
        { name: 'pullRequestID', value: '777' },
        { name: 'pullRequestBaseBranch', value: 'master' },
      ]),
    );
  }, 60_000);

  it('does not build a draft PR when buildDraftPRs is off, then builds it when it is ready for review', async () => {
    const sha = newSha();
    const opened = pullRequestPayload('opened', sha, 'feature/draft', 778);
    opened['pull_request'].draft = true;
    seed(stack, opened, files);
    const draft = await send(stack, 'pull_request', opened);
    expect(draft.status).toBe(202);
    expect(await stack.client.workflow.getHandle(draft.body.workflowId).result()).toMatchObject({
      outcome: 'skipped',
      reason: 'auto checks Draft PRs are disabled, you can run manually using `/kube-ci run`',
    });
    expect(checkRunsFor(stack, sha)).toHaveLength(0);

    const ready = pullRequestPayload('ready_for_review', sha, 'feature/draft', 778);
    const answer = await send(stack, 'pull_request', ready);
    expect(answer.body.workflowId).not.toBe(draft.body.workflowId);
    expect(await stack.client.workflow.getHandle(answer.body.workflowId).result()).toMatchObject({
      outcome: 'success',
    });
    expect(checkRunsFor(stack, sha)).toHaveLength(1);
  }, 60_000);

  it('never builds a fork PR by itself, and tells it once per head commit that an approval is needed', async () => {
    const repo = { owner: 'Codertocat', name: 'Hello-World' };
    const forked = (action: string, sha: string, number: number) => {
      const payload = pullRequestPayload(action, sha, 'feature/fork', number);
      Object.assign(payload['pull_request'].head.repo, { id: 424242, full_name: 'mallory/Hello-World' });
      seed(stack, payload, files);
      return payload;
    };
    const number = 790;
    const sha = newSha();
    const opened = await send(stack, 'pull_request', forked('opened', sha, number));
    const noticeId = `fork-notice/${repo.owner}/${repo.name}/${number}/${sha}`;
    expect(opened).toEqual({ status: 202, body: { workflowId: noticeId, started: true } });
    await stack.client.workflow.getHandle(noticeId).result();
    // a redelivery, and the PR reopened on the same commit (another body), post nothing again
    expect(await send(stack, 'pull_request', forked('opened', sha, number))).toEqual({
      status: 202,
      body: { workflowId: noticeId, started: false },
    });
    expect((await send(stack, 'pull_request', forked('reopened', sha, number))).body).toEqual({
      workflowId: noticeId,
      started: false,
    });

    const pushed = newSha();
    const synchronized = await send(stack, 'pull_request', forked('synchronize', pushed, number));
    expect(synchronized).toMatchObject({ status: 202, body: { started: true } });
    await stack.client.workflow.getHandle(synchronized.body.workflowId).result();

    const comments = stack.github.issueComments(repo.owner, repo.name).filter((c) => c.issueNumber === number);
    expect(comments.map((c) => c.body)).toEqual([
      expect.stringContaining(`comment \`/kube-ci ok-to-test\` to build commit ${sha.slice(0, 7)};`),
      expect.stringMatching(
        new RegExp(
          `^New commits \\(${pushed.slice(0, 7)}\\) need a new \`/kube-ci ok-to-test\`: an approval covers only`,
        ),
      ),
    ]);
    expect(comments[0]!.body).toContain('comes from a fork, so kube-ci does not build it by itself');
    expect(await runsOf(stack, sha)).toEqual([]);
    expect(await runsOf(stack, pushed)).toEqual([]);
  }, 60_000);

  it('cancels the running runs of a closed PR, and only those', async () => {
    stack.argo.plan(() => ({ holdRunning: true }));
    const sha = newSha();
    const other = newSha();
    const payload = pullRequestPayload('synchronize', sha, 'feature/closing', 779);
    const otherPayload = pullRequestPayload('synchronize', other, 'feature/staying', 780);
    seed(stack, payload, files);
    seed(stack, otherPayload, files);
    const run = stack.client.workflow.getHandle((await send(stack, 'pull_request', payload)).body.workflowId);
    const staying = stack.client.workflow.getHandle((await send(stack, 'pull_request', otherPayload)).body.workflowId);
    await runningArgoWorkflow(stack, run);
    const stayingName = await runningArgoWorkflow(stack, staying);

    const closed = pullRequestPayload('closed', sha, 'feature/closing', 779);
    expect(await send(stack, 'pull_request', closed)).toEqual({
      status: 202,
      body: { cancelled: [run.workflowId], reason: 'pull request #779 closed' },
    });
    await expect(run.result()).rejects.toThrow(/cancel/i);
    expect(checkRunsFor(stack, sha)[0]!.fields).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect((await staying.describe()).status.name).toBe('RUNNING');
    stack.argo.plan(() => ({}));
    await finishWhenHeld(stack, stayingName);
    expect(await staying.result()).toMatchObject({ outcome: 'success' });
  }, 60_000);

  it('ignores the other pull_request actions with a reason', async () => {
    const payload = pullRequestPayload('labeled', newSha(), 'feature/labels');
    expect(await send(stack, 'pull_request', payload)).toEqual({
      status: 200,
      body: 'ignored: ignore pull_request labeled event\n',
    });
  });
});
