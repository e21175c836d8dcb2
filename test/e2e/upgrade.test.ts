import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postDelivery } from '../support/webhook-delivery';
import { releasedTree, releasedWorker } from '../support/released-worker';
import { startProcess } from './child-processes';
import { argoWorkflowsFor, checkRunsFor, deliverAccepted, prepareCheckSuite, waitUntil } from './deliveries';
import { pressDelivery } from './manual-step-press';
import { withManualSteps } from './pipelines';
import { startStack, type Stack } from './stack';

const BRANCH = 'feature/upgrade';
const running = /kube-ci worker running/;

/**
 * An upgrade in the middle of a waiting run, as a rolling deploy does it: a worker of the last release
 * (`releasedWorker`, run from that commit's own sources) takes a run to its manual-step wait and is stopped with
 * SIGTERM; a worker of the current code replays that history, takes the presses and finishes the run.
 */
describe(`upgrading the worker from release shape ${releasedWorker.shape} while a run waits for a manual step`, () => {
  let stack: Stack;
  let released: string;
  beforeAll(async () => {
    released = releasedTree(releasedWorker.commit);
    stack = await startStack({ worker: false });
  }, 600_000);
  afterAll(async () => await stack?.close());

  it('the current worker finishes the run the released worker started, without a failed workflow task', async () => {
    stack.argo.plan(() => ({}));
    // the released worker with its own temporal.yaml: an older worker refuses keys added since (docs/upgrades.md)
    const old = startProcess(
      stack,
      'worker/main.ts',
      { KUBECI_TEMPORAL_CONFIG: join(released, 'temporal.yaml') },
      released,
    );
    await old.waitForOutput(running, 120_000);
    const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': withManualSteps }, BRANCH);
    const handle = await deliverAccepted(stack, delivery);
    await waitUntil(async () => (await handle.query<{ stage: string }>('runStatus')).stage === 'waiting', 60_000);
    await old.kill('SIGTERM');

    const current = startProcess(stack, 'worker/main.ts');
    try {
      await current.waitForOutput(running, 120_000);
      const byName = (name: string) => checkRunsFor(stack, sha).find((c) => c.fields['name'] === name)!;
      const pressed = await postDelivery(
        stack.apiUrl,
        await pressDelivery(byName('Workflow - release'), 'run', BRANCH),
      );
      expect(pressed.status, pressed.body).toBe(202);
      const step = await stack.client.workflow.getHandle(JSON.parse(pressed.body).result.workflowId).result();
      expect(step.outcome).toBe('success');
      const skipped = await postDelivery(stack.apiUrl, await pressDelivery(byName('Workflow - lint'), 'skip', BRANCH));
      expect(skipped.status, skipped.body).toBe(202);

      const result = await handle.result();
      expect(result.outcome).toBe('success');
      expect(result.manualSteps?.map((s: { template: string; state: string }) => [s.template, s.state])).toEqual([
        ['release', 'succeeded'],
        ['lint', 'skipped'],
      ]);
      expect(
        argoWorkflowsFor(stack, sha)
          .map((wf) => wf.spec.entrypoint)
          .sort(),
      ).toEqual(['build', 'release']);

      const { events } = await handle.fetchHistory();
      const taskIdentities = new Set(
        (events ?? []).flatMap((e) => e.workflowTaskCompletedEventAttributes?.identity ?? []),
      );
      // both workers completed workflow tasks of this one run: the old one up to the wait, the new one after it
      expect(taskIdentities.size).toBe(2);
      expect((events ?? []).filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
      expect(stack.github.schemaViolations).toEqual([]);
    } finally {
      await current.kill('SIGTERM');
    }
  }, 240_000);
});
