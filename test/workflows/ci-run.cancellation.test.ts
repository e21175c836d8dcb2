import { ApplicationFailure } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateCheckRunInput } from '../../activities/report-status';
import { Failure } from '../../domain/failures';
import { runStatusQuery } from '../../workflows/ci-run.messages';
import { describeRun, eventually, expectCalledBesideSupersede, expectCancelled, resultError } from './assertions';
import { exampleCheckRunId, expectedArgoName, fakeActivities, Gate, heldAt } from './fake-activities';
import { startWorkflowHarness, withWorker, type WorkflowHarness } from './harness';

describe('ciRunWorkflow cancellation and status', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await startWorkflowHarness();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('answers runStatusQuery with the stage, check run and Argo Workflow while following', async () => {
    const loading = new Gate();
    const following = new Gate();
    const base = fakeActivities();
    const fake = fakeActivities({
      loadPipeline: async (input) => {
        await loading.pass();
        return await base.activities.loadPipeline(input);
      },
      followArgoWorkflow: heldAt(following, () => ({ kind: 'finished' as const, phase: 'Succeeded' })),
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      try {
        const handle = await start();
        await loading.entered;
        expect(await handle.query(runStatusQuery)).toEqual({ stage: 'loading' });
        loading.open();
        await following.entered;
        const name = expectedArgoName(handle.workflowId);
        expect(await handle.query(runStatusQuery)).toEqual({
          stage: 'running',
          checkRunId: exampleCheckRunId,
          argoWorkflow: { namespace: 'argo', name },
        });
        following.open();
        expect((await handle.result()).outcome).toBe('success');
        expect(await handle.query(runStatusQuery)).toMatchObject({ stage: 'done', outcome: 'success' });
      } finally {
        loading.open();
        following.open();
      }
    });
  });

  it('stops the Argo Workflow and concludes the check run cancelled when cancelled while following', async () => {
    const following = new Gate();
    const fake = fakeActivities({
      followArgoWorkflow: heldAt(following, () => ({ kind: 'finished' as const, phase: 'Succeeded' })),
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      try {
        const handle = await start();
        await following.entered;
        await handle.cancel();
        await expectCancelled(handle);
        const name = expectedArgoName(handle.workflowId);
        expectCalledBesideSupersede(fake, [
          'loadPipeline',
          'createCheckRun',
          'submitPipeline',
          'followArgoWorkflow',
          'stopArgoWorkflow',
          'updateCheckRun',
        ]);
        expect(fake.inputOf('stopArgoWorkflow')).toEqual({ namespace: 'argo', name });
        expect(fake.inputOf('updateCheckRun')).toMatchObject({
          checkRunId: exampleCheckRunId,
          name: 'Workflow - build',
          status: 'completed',
          conclusion: 'cancelled',
        });
        expect(await describeRun(handle)).toEqual({ status: 'CANCELLED', outcome: 'cancelled' });
      } finally {
        following.open();
      }
    });
  });

  it('leaves no check run behind when cancelled during loadPipeline', async () => {
    const gate = new Gate();
    const base = fakeActivities().activities;
    const fake = fakeActivities({ loadPipeline: async (input) => (await gate.pass(), await base.loadPipeline(input)) });
    await withWorker(harness, fake.activities, async ({ start }) => {
      try {
        const handle = await start();
        await gate.entered;
        await handle.cancel();
        await expectCancelled(handle);
        gate.open();
        expect(fake.names()).toEqual(['loadPipeline']);
        expect(await describeRun(handle)).toEqual({ status: 'CANCELLED', outcome: 'cancelled' });
      } finally {
        gate.open();
      }
    });
  });

  it('stops the Argo Workflow and concludes the check run cancelled when cancelled while superseding (shape 0.6: alongside the submit)', async () => {
    const gate = new Gate();
    const fake = fakeActivities({ cancelSupersededRuns: heldAt(gate, () => ({ cancelled: [] })) });
    await withWorker(harness, fake.activities, async ({ start }) => {
      try {
        const handle = await start();
        await gate.entered;
        await handle.cancel();
        await expectCancelled(handle);
        expectCalledBesideSupersede(fake, [
          'loadPipeline',
          'createCheckRun',
          'submitPipeline',
          'stopArgoWorkflow',
          'updateCheckRun',
        ]);
        expect(fake.inputOf('stopArgoWorkflow')).toEqual({
          namespace: 'argo',
          name: expectedArgoName(handle.workflowId),
        });
        expect(fake.inputOf('updateCheckRun')).toMatchObject({
          checkRunId: exampleCheckRunId,
          conclusion: 'cancelled',
        });
        expect(await describeRun(handle)).toEqual({ status: 'CANCELLED', outcome: 'cancelled' });
      } finally {
        gate.open();
      }
    });
  });

  it('still creates the check run when cancelled during createCheckRun, then stops what it made and concludes it cancelled', async () => {
    const creating = new Gate();
    const following = new Gate();
    const fake = fakeActivities({
      createCheckRun: heldAt(creating, () => ({ id: exampleCheckRunId })),
      followArgoWorkflow: heldAt(following, () => ({ kind: 'finished' as const, phase: 'Succeeded' })),
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      try {
        const handle = await start();
        await creating.entered;
        await handle.cancel();
        creating.open();
        await expectCancelled(handle);
        // Shape 0.5: createCheckRun and submitPipeline are local activities of one workflow task, which sees the
        // cancel request only when it ends: the run submits, then stops what it submitted while following.
        expectCalledBesideSupersede(fake, [
          'loadPipeline',
          'createCheckRun',
          'submitPipeline',
          'followArgoWorkflow',
          'stopArgoWorkflow',
          'updateCheckRun',
        ]);
        expect(fake.inputOf('updateCheckRun')).toMatchObject({
          checkRunId: exampleCheckRunId,
          status: 'completed',
          conclusion: 'cancelled',
        });
        expect(await describeRun(handle)).toEqual({ status: 'CANCELLED', outcome: 'cancelled' });
      } finally {
        creating.open();
        following.open();
      }
    });
  });

  // Regression: failCheckRun once ran in the cancellable root scope, so a cancel request while its
  // updateCheckRun waited for a retry cancelled that update and the check run was never concluded.
  it('concludes the check run even when cancelled while reporting a failure', async () => {
    const concluded: UpdateCheckRunInput[] = [];
    let attempts = 0;
    const fake = fakeActivities({
      submitPipeline: async () => {
        throw ApplicationFailure.nonRetryable('admission webhook denied the workflow', Failure.RunObjectRejected);
      },
      updateCheckRun: async (input) => {
        attempts += 1;
        if (attempts === 1) throw new Error('GitHub answered 502'); // transient: retried after 1 s
        concluded.push(input);
      },
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      await eventually(() => attempts === 1);
      await handle.cancel();
      await resultError(handle);
      await eventually(() => concluded.some((u) => u.status === 'completed'), 4000).catch(() => undefined);
      expect(concluded).toEqual([expect.objectContaining({ checkRunId: exampleCheckRunId, status: 'completed' })]);
    });
  });
});
