import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECONCILE_SCHEDULE_ID } from '../../temporal/reconcile-schedule';
import { eventually } from '../workflows/assertions';
import { deliverCheckSuite, owner, repo, runningArgoWorkflow } from './deliveries';
import { buildAndTest } from './pipelines';
import { startStack, type Stack } from './stack';

const checkRunOf = (stack: Stack, sha: string) => stack.github.checkRuns(owner, repo).find((c) => c.headSha === sha);

// The last line of defence: whatever ended a run, its check run does not stay open on GitHub.
describe('no check run left open, end to end', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ followRereadIntervalMs: 300, watchRestartBackoff: { initialMs: 50, maxMs: 400 } });
  }, 120_000);
  afterAll(async () => {
    await stack?.client.schedule
      .getHandle(RECONCILE_SCHEDULE_ID)
      .delete()
      .catch(() => undefined);
    await stack?.close();
  });

  it('the reconciler concludes the check run of a run an operator terminated, and leaves concluded ones alone', async () => {
    const done = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    expect(await done.handle.result()).toMatchObject({ outcome: 'success' });
    const patchesOfDone = checkRunOf(stack, done.sha)!.history.length;

    stack.argo.plan(() => ({ holdRunning: true }));
    const { handle, sha } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    await eventually(() => checkRunOf(stack, sha)?.fields['status'] === 'in_progress', 20_000);
    await handle.terminate('left open on purpose');
    expect(checkRunOf(stack, sha)!.fields['status']).toBe('in_progress');

    const startedAt = Date.now();
    await stack.gateway.ensureReconcileSchedule({ intervalMs: 1_000, lookbackMs: 3_600_000, maxRuns: 50 });
    await eventually(() => checkRunOf(stack, sha)?.fields['status'] === 'completed', 30_000);
    const concluded = checkRunOf(stack, sha)!;
    expect(concluded.fields).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect((concluded.fields['output'] as { summary: string }).summary).toMatch(/^The run was terminated before/);
    // stated bound: one interval plus a pass (the schedule's first action comes within its first interval)
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    // a run that concluded its own check run is not touched
    expect(checkRunOf(stack, done.sha)!.history.length).toBe(patchesOfDone);
    expect(stack.github.schemaViolations).toEqual([]);
  }, 90_000);

  it('concludes a workflow of 300 pods with every step log read, within the bound', async () => {
    const tasks = Array.from({ length: 300 }, (_, i) => `          - {name: t${i}, template: work}`).join('\n');
    const ciYaml = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: wide-
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
${tasks}
    - name: work
      container: {image: alpine, command: ["true"]}
`;
    stack.argo.plan(() => ({ stepDelayMs: 1 }));
    const logReadsBefore = stack.kube.requests.filter((r) => r.path.endsWith('/log')).length;
    const started = Date.now();
    const { handle, sha } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': ciYaml });
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    // stated bound for 300 pods on the 2-core machine (measured 11 s with another suite running alongside)
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(checkRunOf(stack, sha)!.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(stack.kube.requests.filter((r) => r.path.endsWith('/log')).length - logReadsBefore).toBe(300);
    expect(stack.github.schemaViolations).toEqual([]);
  }, 90_000);

  it('while the shared watch is up, a followed run reads its Argo Workflow no more (no polling per run)', async () => {
    stack.argo.plan(() => ({ holdRunning: true }));
    const { handle, sha } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    const name = await runningArgoWorkflow(stack, handle);
    await eventually(() => checkRunOf(stack, sha)?.fields['status'] === 'in_progress', 20_000);
    const reads = () =>
      stack.kube.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/workflows/${name}`)).length;
    const readsBefore = reads();
    // longer than the follower's wake-up (a third of its 10 s heartbeat timeout) and many of this stack's 300 ms
    // re-read intervals: a poll per run would have read it again
    await new Promise((r) => setTimeout(r, 4_000));
    expect(reads() - readsBefore).toBe(0);
    stack.argo.finish('argo', name, 'Succeeded');
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    expect(checkRunOf(stack, sha)!.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
  }, 60_000);

  it('a run finishes while every list and watch of Argo Workflows is refused (followers re-read)', async () => {
    stack.argo.plan(() => ({}));
    // 403 on the collection (list and watch), not on reading one object; the live watch is cut.
    stack.kube.injectFault({ method: 'GET', path: /\/namespaces\/argo\/workflows$/, status: 403, times: 1_000_000 });
    stack.kube.dropWatches({ abrupt: true });
    const worker = stack.runningWorker();
    const restartsBefore = worker.argoWatch.restarts;
    const { handle, sha } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    expect(checkRunOf(stack, sha)!.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
    // the watch was down, and is being restarted with backoff rather than left dead
    expect(stack.kube.openWatches).toBe(0);
    expect(worker.argoWatch.restarts).toBeGreaterThan(restartsBefore);
  }, 60_000);
});
