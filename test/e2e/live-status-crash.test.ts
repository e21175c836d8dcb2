import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess } from './child-processes';
import {
  checkRunsFor,
  conclusionsSent,
  deliverAccepted,
  prepareCheckSuite,
  runningArgoWorkflow,
  waitUntil,
} from './deliveries';
import { buildAndTest } from './pipelines';
import { E2E_FOLLOW_HEARTBEAT_TIMEOUT_MS, startStack, type Stack } from './stack';

/** The SDK's heartbeat throttle: 80 % of the follow activity's heartbeat timeout (the stack's). */
const HEARTBEAT_THROTTLE_MS = 0.8 * E2E_FOLLOW_HEARTBEAT_TIMEOUT_MS;

/**
 * A worker SIGKILLed after it published a finished step's annotations (and its heartbeat recorded that):
 * the worker that resumes the follow neither reads that step's log again nor resends its annotations.
 */
describe('live status across a worker crash', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('published annotations are not resent and finished steps’ logs not read again by the resumed follower', async () => {
    const compileLog = Array.from({ length: 60 }, (_, i) => `cmd/main.go:${i + 1}: vet ${i + 1}`).join('\n');
    stack.argo.plan(() => ({
      holdRunning: true,
      holdTemplate: 'test',
      logs: { compile: `${compileLog}\n`, test: 'main_test.go:3: flaky\n' },
    }));
    const first = startProcess(stack, 'worker/main.ts');
    let second: ReturnType<typeof startProcess> | undefined;
    try {
      await first.waitForOutput(/kube-ci worker running/);
      const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
      const handle = await deliverAccepted(stack, delivery);
      const name = await runningArgoWorkflow(stack, handle);
      // compile's 60 annotations went out in two progress updates while test is held Running
      await waitUntil(() => checkRunsFor(stack, sha)[0]?.annotations.length === 60, 30_000);
      await new Promise((r) => setTimeout(r, HEARTBEAT_THROTTLE_MS + 1_000));
      await first.kill('SIGKILL');

      second = startProcess(stack, 'worker/main.ts');
      await second.waitForOutput(/kube-ci worker running/);
      stack.argo.finish('argo', name, 'Failed');
      expect(await handle.result()).toMatchObject({ outcome: 'failure' });

      const [checkRun, ...others] = checkRunsFor(stack, sha);
      expect(others).toHaveLength(0);
      expect(conclusionsSent(checkRun!)).toBe(1);
      const lines = checkRun!.annotations.map((a) => `${String(a.path)}:${String(a.start_line)}`);
      expect(lines).toEqual([...Array.from({ length: 60 }, (_, i) => `cmd/main.go:${i + 1}`), 'main_test.go:3']);
      const compileReads = stack.kube.requests.filter((r) => r.path.includes(`/pods/${name}-compile-`));
      expect(compileReads.map((r) => r.status)).toEqual([200]);
    } finally {
      await first.kill('SIGKILL');
      await second?.kill('SIGTERM');
      stack.argo.plan(() => ({}));
    }
  }, 120_000);
});
