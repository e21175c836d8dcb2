import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postDelivery } from '../support/webhook-delivery';
import { startProcess } from './child-processes';
import {
  argoWorkflowsFor,
  checkRunsFor,
  conclusionsSent,
  deliverAccepted,
  prepareCheckSuite,
  runningArgoWorkflow,
  waitUntil,
} from './deliveries';
import { buildAndTest, withManualSteps } from './pipelines';
import { pressDelivery } from './manual-step-press';
import { startStack, type Stack } from './stack';
import { freePort } from '../support/free-port';

/**
 * Durability is tested by killing things: the worker, the API and the Temporal server are killed with
 * SIGKILL in the middle of a run, and the run must still finish exactly once with the right conclusion.
 */
describe('crashes in the middle of a run', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    stack.argo.plan(() => ({
      holdRunning: true,
      logs: { compile: 'main_test.go:3: flaky\n', test: 'main_test.go:3: flaky\n' },
    }));
  });

  it('a worker killed with SIGKILL while the Argo Workflow runs: a new worker finishes the run exactly once', async () => {
    const first = startProcess(stack, 'worker/main.ts');
    await first.waitForOutput(/kube-ci worker running/);
    const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    const handle = await deliverAccepted(stack, delivery);
    const name = await runningArgoWorkflow(stack, handle);
    await first.kill('SIGKILL');

    const second = startProcess(stack, 'worker/main.ts');
    try {
      await second.waitForOutput(/kube-ci worker running/);
      stack.argo.finish('argo', name, 'Failed');
      const result = await handle.result();
      expect(result).toMatchObject({ outcome: 'failure', argoWorkflow: { name } });
      expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
      const checkRuns = checkRunsFor(stack, sha);
      expect(checkRuns).toHaveLength(1);
      expect(checkRuns[0]!.fields).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect(conclusionsSent(checkRuns[0]!)).toBe(1);
      expect(checkRuns[0]!.annotations).toEqual([
        expect.objectContaining({ path: 'main_test.go', start_line: 3, message: 'flaky' }),
      ]);
    } finally {
      await second.kill('SIGTERM');
    }
  }, 120_000);

  it('an API killed with SIGKILL right after it answered 202: the run still happens', async () => {
    await stack.startWorker();
    const port = await freePort();
    const api = startProcess(stack, 'api/main.ts', { KUBECI_API_PORT: String(port) });
    try {
      await api.waitForOutput(/kube-ci api listening/);
      stack.argo.plan(() => ({}));
      const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
      const res = await postDelivery(`http://127.0.0.1:${port}`, delivery);
      expect(res.status).toBe(202);
      await api.kill('SIGKILL');
      const result = await stack.client.workflow.getHandle(JSON.parse(res.body).workflowId).result();
      expect(result.outcome).toBe('success');
      expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
      expect(checkRunsFor(stack, sha)[0]!.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
    } finally {
      await api.kill('SIGKILL');
      await stack.stopWorker();
    }
  }, 120_000);

  it('the Temporal server killed and restarted on its SQLite file mid-run: the run finishes', async () => {
    await stack.startWorker();
    try {
      const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
      const handle = await deliverAccepted(stack, delivery);
      const name = await runningArgoWorkflow(stack, handle);
      await stack.temporal.server.stop(true);
      await new Promise((r) => setTimeout(r, 1000));
      await stack.temporal.server.start();
      stack.argo.finish('argo', name, 'Succeeded');
      const result = await handle.result();
      expect(result).toMatchObject({ outcome: 'success', argoWorkflow: { name } });
      expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
      const checkRuns = checkRunsFor(stack, sha);
      expect(checkRuns).toHaveLength(1);
      expect(checkRuns[0]!.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
      expect(conclusionsSent(checkRuns[0]!)).toBe(1);
    } finally {
      await stack.stopWorker();
    }
  }, 120_000);

  it("a worker killed with SIGKILL between a Run press and the step's Argo Workflow: the step runs exactly once", async () => {
    stack.argo.plan(() => ({}));
    const first = startProcess(stack, 'worker/main.ts');
    let second: ReturnType<typeof startProcess> | undefined;
    try {
      await first.waitForOutput(/kube-ci worker running/);
      const branch = 'feature/crash-press';
      const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': withManualSteps }, branch);
      const handle = await deliverAccepted(stack, delivery);
      await waitUntil(async () => (await handle.query<{ stage: string }>('runStatus')).stage === 'waiting');
      const release = checkRunsFor(stack, sha).find((c) => c.fields['name'] === 'Workflow - release')!;
      // The step's run cannot create its check run for a while: the press is taken, its Argo Workflow is not made yet.
      stack.github.injectFault({ method: 'POST', path: /\/check-runs$/, status: 503, times: 3 });
      const pressed = await postDelivery(stack.apiUrl, await pressDelivery(release, 'run', branch));
      expect(pressed.status, pressed.body).toBe(202);
      const childId = JSON.parse(pressed.body).result.workflowId as string;
      await first.kill('SIGKILL');
      expect(argoWorkflowsFor(stack, sha).map((wf) => wf.spec.entrypoint)).toEqual(['build']);

      second = startProcess(stack, 'worker/main.ts');
      await second.waitForOutput(/kube-ci worker running/);
      const child = await stack.client.workflow.getHandle(childId).result();
      expect(child.outcome).toBe('success');
      expect(
        argoWorkflowsFor(stack, sha)
          .map((wf) => wf.spec.entrypoint)
          .sort(),
      ).toEqual(['build', 'release']);
      const releases = checkRunsFor(stack, sha).filter((c) => c.fields['name'] === 'Workflow - release');
      expect(releases).toHaveLength(2);
      // the step's check run: created action_required, then success once; the step's run's own: one conclusion
      expect(releases.map((c) => conclusionsSent(c))).toEqual([2, 1]);
      expect(releases.every((c) => c.fields['conclusion'] === 'success')).toBe(true);
      await handle.cancel();
    } finally {
      await first.kill('SIGKILL');
      await second?.kill('SIGTERM');
    }
  }, 120_000);
});
