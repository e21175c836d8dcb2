import { ApplicationFailure } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Failure } from '../../domain/failures';
import { describeRun, expectCalledBesideSupersede, expectFailedByActivity } from './assertions';
import { exampleCheckRunId, fakeActivities } from './fake-activities';
import { startWorkflowHarness, withWorker, type WorkflowHarness } from './harness';

describe('ciRunWorkflow: conclusions, cache volumes and failures', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await startWorkflowHarness();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('reports the conclusion finishCheckRun arrived at', async () => {
    const fake = fakeActivities({
      followArgoWorkflow: async () => ({ kind: 'finished', phase: 'Failed' }),
      finishCheckRun: async () => ({ conclusion: 'failure' }),
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      expect(await handle.result()).toMatchObject({ outcome: 'failure', checkRunId: exampleCheckRunId });
      expect(await describeRun(handle)).toEqual({ status: 'COMPLETED', outcome: 'failure' });
    });
  });

  // The cache plan itself is submitPipeline's (test/activities/submit-pipeline.test.ts); the run reports its refusal.
  it('fails the check run with the reason submitPipeline gives for the cache volume, and fails the run', async () => {
    const message = 'creation of cache volume failed, scope should be either none, branch or project';
    const fake = fakeActivities({
      submitPipeline: async () => {
        throw ApplicationFailure.nonRetryable(message, Failure.CacheVolumeFailed);
      },
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      await expectFailedByActivity(handle, Failure.CacheVolumeFailed);
      expectCalledBesideSupersede(fake, ['loadPipeline', 'createCheckRun', 'submitPipeline', 'updateCheckRun']);
      expect(fake.inputOf('updateCheckRun')).toMatchObject({
        checkRunId: exampleCheckRunId,
        name: 'Workflow - build',
        status: 'completed',
        conclusion: 'failure',
        output: { title: 'Workflow Setup', summary: message },
      });
      expect(await describeRun(handle)).toEqual({ status: 'FAILED', outcome: 'failure' });
    });
  });

  it('concludes the check run failed with the message when submitting is rejected, and fails the run', async () => {
    const rejection = 'an Argo Workflow named kube-ci.master.x1 already exists for another commit';
    const fake = fakeActivities({
      submitPipeline: async () => {
        throw ApplicationFailure.nonRetryable(rejection, Failure.RunObjectRejected);
      },
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      const failure = await expectFailedByActivity(handle, Failure.RunObjectRejected);
      expect(failure.message).toBe(rejection);
      expectCalledBesideSupersede(fake, ['loadPipeline', 'createCheckRun', 'submitPipeline', 'updateCheckRun']);
      expect(fake.inputOf('updateCheckRun')).toMatchObject({
        checkRunId: exampleCheckRunId,
        status: 'completed',
        conclusion: 'failure',
        output: { title: 'Workflow Setup', summary: rejection },
      });
      expect(await describeRun(handle)).toEqual({ status: 'FAILED', outcome: 'failure' });
    });
  });

  it('concludes the check run cancelled when the Argo Workflow is deleted under it', async () => {
    const fake = fakeActivities({ followArgoWorkflow: async () => ({ kind: 'deleted' }) });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      const result = await handle.result();
      expect(result).toMatchObject({
        outcome: 'cancelled',
        checkRunId: exampleCheckRunId,
        reason: 'the Argo Workflow was deleted',
      });
      expectCalledBesideSupersede(fake, [
        'loadPipeline',
        'createCheckRun',
        'submitPipeline',
        'followArgoWorkflow',
        'updateCheckRun',
      ]);
      expect(fake.inputOf('updateCheckRun')).toMatchObject({
        checkRunId: exampleCheckRunId,
        status: 'completed',
        conclusion: 'cancelled',
      });
      expect(await describeRun(handle)).toEqual({ status: 'COMPLETED', outcome: 'cancelled' });
    });
  });
});
