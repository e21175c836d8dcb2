import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePayload } from '../support/webhook-delivery';
import { checkRunsFor, runningArgoWorkflow } from './deliveries';
import {
  adapted,
  checkSuitePayload,
  finishWhenHeld,
  newSha,
  runsOf,
  seed,
  send,
  supersededBy,
} from './event-deliveries';
import { buildAndTest } from './pipelines';
import { exampleAppId, startStack, type Stack } from './stack';

const files = { '.kube-ci/ci.yaml': buildAndTest };
const tagFiles = { '.kube-ci/ci.yaml': buildAndTest.replace('runForBranch: "true"', 'runForTag: "true"') };
const [owner, repo] = ['Codertocat', 'Hello-World'];

/** Tags, merge queues, deletes, late pushes and re-runs through the real API and worker (issue 8 items 1–6). */
describe('ref and lifecycle events', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });
  const handle = (id: string) => stack.client.workflow.getHandle(id);
  /** a commit on `branch` with `pipeline`, delivered as its check suite (GitHub saw it at `pushedAt`) */
  const push = async (branch: string, pipeline = files, pushedAt?: string) => {
    const sha = newSha();
    const payload = checkSuitePayload(sha, branch, pushedAt);
    seed(stack, payload, pipeline);
    const answer = await send(stack, 'check_suite', payload);
    expect(answer.status).toBe(202);
    return { sha, run: handle(answer.body.workflowId) };
  };

  it('runs an annotated tag at its commit when the pipeline has runForTag (G31), once per delivery', async () => {
    const sha = newSha();
    seed(stack, checkSuitePayload(sha, 'release'), tagFiles);
    const tagObject = stack.github.addTag(owner, repo, { name: 'v1.2.3', sha, message: 'release 1.2.3' });
    const create = adapted('create', undefined, (p) => p['ref_type'] === 'tag');
    create['ref'] = 'v1.2.3';
    const answer = await send(stack, 'create', create);
    expect(answer).toMatchObject({ status: 202, body: { started: true } });
    const resolved = await handle(answer.body.workflowId).result();
    expect(resolved).toMatchObject({ kind: 'started', sha, started: true });
    expect(await handle(resolved.workflowId).result()).toMatchObject({ outcome: 'success' });
    const [checkRun] = checkRunsFor(stack, sha);
    expect(checkRun!.fields).toMatchObject({ conclusion: 'success' });
    expect(checkRunsFor(stack, tagObject)).toHaveLength(0);
    expect(await send(stack, 'create', create)).toMatchObject({ status: 202, body: { started: false } });
    expect(await runsOf(stack, sha)).toEqual([resolved.workflowId]);
  }, 60_000);

  it('skips a tag without runForTag, and ends a ref run whose tag is gone without a run', async () => {
    const sha = newSha();
    seed(stack, checkSuitePayload(sha, 'release'), files);
    stack.github.addTag(owner, repo, { name: 'v2.0.0', sha });
    const create = adapted('create', undefined, (p) => p['ref_type'] === 'tag');
    create['ref'] = 'v2.0.0';
    const resolved = await handle((await send(stack, 'create', create)).body.workflowId).result();
    expect(await handle(resolved.workflowId).result()).toMatchObject({
      outcome: 'skipped',
      reason: 'the pipeline does not run for tag v2.0.0 (runForTag)',
    });
    expect(checkRunsFor(stack, sha)).toHaveLength(0);

    create['ref'] = 'never-pushed';
    const gone = await handle((await send(stack, 'create', create)).body.workflowId).result();
    expect(gone).toMatchObject({
      kind: 'not-found',
      reason: expect.stringContaining('tag never-pushed does not exist'),
    });
  }, 60_000);

  it('answers a created branch 200 with a reason, and acknowledges installation events and ping', async () => {
    const create = adapted('create', undefined, (p) => p['ref_type'] === 'tag');
    create['ref_type'] = 'branch';
    expect(await send(stack, 'create', create)).toEqual({
      status: 200,
      body: 'ignored: ignore branch create event (its push has a check suite)\n',
    });
    for (const [name, action] of [
      ['installation', 'created'],
      ['installation_repositories', 'added'],
    ] as const) {
      expect(await send(stack, name, adapted(name, action))).toEqual({
        status: 200,
        body: `ignored: ${name} ${action} acknowledged: nothing to do, tokens are minted when needed\n`,
      });
    }
    expect(await send(stack, 'ping', examplePayload('ping'))).toEqual({ status: 200, body: 'ignored: pong\n' });
  });

  it('runs a merge group’s commit for the merge queue, and cancels it when the group is destroyed', async () => {
    stack.argo.plan(() => ({ holdRunning: true }));
    const sha = newSha();
    const branch = `gh-readonly-queue/master/pr-9-${newSha()}`;
    stack.github.addCommit(owner, repo, { sha, files, branch });
    const suite = checkSuitePayload(sha, branch);
    expect(await send(stack, 'check_suite', suite)).toEqual({
      status: 200,
      body: 'ignored: merge queue branch: its merge_group event starts the run\n',
    });
    const group = adapted('merge_group', 'checks_requested');
    Object.assign(group['merge_group'], {
      head_sha: sha,
      head_ref: `refs/heads/${branch}`,
      base_ref: 'refs/heads/master',
    });
    const run = handle((await send(stack, 'merge_group', group)).body.workflowId);
    await runningArgoWorkflow(stack, run);
    expect(checkRunsFor(stack, sha)[0]!.fields['name']).toBe('Workflow - build');

    Object.assign(group, { action: 'destroyed', reason: 'dequeued' });
    expect(await send(stack, 'merge_group', group)).toMatchObject({
      status: 202,
      body: { cancelled: [run.workflowId] },
    });
    await expect(run.result()).rejects.toThrow(/cancel/i);
    stack.argo.plan(() => ({}));
  }, 60_000);

  it('never lets a late delivery of an older push cancel the newer commit’s run', async () => {
    stack.argo.plan(() => ({ holdRunning: true }));
    const now = Date.now();
    const newer = await push('feature/late', files, new Date(now).toISOString());
    const newerName = await runningArgoWorkflow(stack, newer.run);
    const older = await push('feature/late', files, new Date(now - 60_000).toISOString());
    const olderName = await runningArgoWorkflow(stack, older.run);
    expect(await supersededBy(older.run)).toEqual([]);
    stack.argo.plan(() => ({}));
    await finishWhenHeld(stack, newerName);
    await finishWhenHeld(stack, olderName);
    expect(await newer.run.result()).toMatchObject({ outcome: 'success' });
    expect(await older.run.result()).toMatchObject({ outcome: 'success' });
  }, 60_000);

  it('keeps a re-run of the default check run a default run: the next push supersedes it', async () => {
    const first = await push('feature/rerun');
    expect(await first.run.result()).toMatchObject({ outcome: 'success' });
    stack.argo.plan(() => ({ holdRunning: true }));
    const rerun = adapted('check_run', 'rerequested');
    Object.assign(rerun['check_run'], { name: 'Workflow - build', external_id: 'build', head_sha: first.sha });
    Object.assign(rerun['check_run'].check_suite, {
      head_branch: 'feature/rerun',
      head_sha: first.sha,
      app: { ...rerun['check_run'].check_suite.app, id: exampleAppId },
      created_at: new Date(Date.now() - 1000).toISOString(),
    });
    const rerunRun = handle((await send(stack, 'check_run', rerun)).body.workflowId);
    await runningArgoWorkflow(stack, rerunRun);
    stack.argo.plan(() => ({}));
    const next = await push('feature/rerun');
    await expect(rerunRun.result()).rejects.toThrow(/cancel/i);
    expect(await supersededBy(next.run)).toEqual([rerunRun.workflowId]);
    expect(await next.run.result()).toMatchObject({ outcome: 'success' });
  }, 60_000);

  it('cancels a deleted branch’s running runs, then a deleted repository’s', async () => {
    stack.argo.plan(() => ({ holdRunning: true }));
    const doomed = await push('feature/doomed');
    const other = await push('feature/other');
    await runningArgoWorkflow(stack, doomed.run);
    await runningArgoWorkflow(stack, other.run);
    const deleted = adapted('delete', undefined, (p) => p['ref_type'] === 'tag');
    Object.assign(deleted, { ref: 'feature/doomed', ref_type: 'branch' });
    expect(await send(stack, 'delete', deleted)).toMatchObject({
      status: 202,
      body: { started: true, cancelled: [doomed.run.workflowId] },
    });
    await expect(doomed.run.result()).rejects.toThrow(/cancel/i);
    expect((await other.run.describe()).status.name).toBe('RUNNING');

    const gone = adapted('repository', 'publicized');
    gone['action'] = 'deleted';
    expect(await send(stack, 'repository', gone)).toMatchObject({
      status: 202,
      body: { cancelled: [other.run.workflowId] },
    });
    await expect(other.run.result()).rejects.toThrow(/cancel/i);
    stack.argo.plan(() => ({}));
  }, 60_000);
});
