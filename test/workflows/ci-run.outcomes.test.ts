import { ApplicationFailure } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Failure } from '../../domain/failures';
import { describeRun, expectFailedByActivity } from './assertions';
import { exampleCheckRunId, fakeActivities, foundPipeline } from './fake-activities';
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

  it('ensures the cache volume before submitting and passes its name as cacheVolumeClaimName', async () => {
    const cache = { 'kube-ci.qutics.com/cacheScope': 'project', 'kube-ci.qutics.com/cacheSize': '20Gi' };
    const fake = fakeActivities({ loadPipeline: foundPipeline({ annotations: cache }) });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      expect((await handle.result()).outcome).toBe('success');
      expect(fake.names()).toEqual([
        'loadPipeline',
        'cancelSupersededRuns',
        'createCheckRun',
        'ensureCacheVolume',
        'submitArgoWorkflow',
        'followArgoWorkflow',
        'finishCheckRun',
      ]);
      const { volume } = fake.inputOf('ensureCacheVolume');
      expect(volume).toMatchObject({
        namespace: 'argo',
        storage: '20Gi',
        labels: { managedBy: 'kube-ci', scope: 'project' },
      });
      expect(volume.name).toMatch(/^ci-project-tcolgate-kube-ci-/);
      const parameters = fake.inputOf('submitArgoWorkflow').workflow.spec.arguments?.parameters ?? [];
      expect(parameters.at(-1)).toEqual({ name: 'cacheVolumeClaimName', value: volume.name });
    });
  });

  it('fails the check run with "creation of cache volume failed, …" for a bad cache scope and submits nothing', async () => {
    const cache = { 'kube-ci.qutics.com/cacheScope': 'galaxy', 'kube-ci.qutics.com/cacheSize': '20Gi' };
    const fake = fakeActivities({ loadPipeline: foundPipeline({ annotations: cache }) });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      const message = 'scope should be either none, branch or project';
      expect(await handle.result()).toEqual({ outcome: 'failure', reason: message, checkRunId: exampleCheckRunId });
      expect(fake.names()).toEqual(['loadPipeline', 'cancelSupersededRuns', 'createCheckRun', 'updateCheckRun']);
      expect(fake.inputOf('updateCheckRun')).toMatchObject({
        checkRunId: exampleCheckRunId,
        name: 'Workflow - build',
        status: 'completed',
        conclusion: 'failure',
        output: { title: 'Workflow Setup', summary: `creation of cache volume failed, ${message}` },
      });
      expect(await describeRun(handle)).toEqual({ status: 'COMPLETED', outcome: 'failure' });
    });
  });

  it('uses a volume the pipeline names (cacheName without scope or size) only after checking it exists', async () => {
    const fake = fakeActivities({
      loadPipeline: foundPipeline({ annotations: { 'kube-ci.qutics.com/cacheName': 'shared-cache' } }),
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      expect((await handle.result()).outcome).toBe('success');
      expect(fake.names()).toContain('requireCacheVolume');
      expect(fake.names()).not.toContain('ensureCacheVolume');
      expect(fake.inputOf('requireCacheVolume')).toMatchObject({ namespace: 'argo', name: 'shared-cache' });
      const parameters = fake.inputOf('submitArgoWorkflow').workflow.spec.arguments?.parameters ?? [];
      expect(parameters.at(-1)).toEqual({ name: 'cacheVolumeClaimName', value: 'shared-cache' });
    });
  });

  it('fails the run with the reason when a named cache volume does not exist, and submits nothing', async () => {
    const fake = fakeActivities({
      loadPipeline: foundPipeline({ annotations: { 'kube-ci.qutics.com/cacheName': 'shared-cache' } }),
      requireCacheVolume: async ({ missingMessage }) => {
        throw ApplicationFailure.nonRetryable(missingMessage, Failure.CacheVolumeFailed);
      },
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      await expectFailedByActivity(handle, Failure.CacheVolumeFailed);
      expect(fake.names()).not.toContain('submitArgoWorkflow');
      expect(fake.inputOf('updateCheckRun')).toMatchObject({
        status: 'completed',
        conclusion: 'failure',
        output: { summary: expect.stringMatching(/^cache volume shared-cache does not exist and cannot be created/) },
      });
    });
  });

  it('concludes the check run failed with the message when submitting is rejected, and fails the run', async () => {
    const rejection = 'an Argo Workflow named kube-ci.master.x1 already exists for another commit';
    const fake = fakeActivities({
      submitArgoWorkflow: async () => {
        throw ApplicationFailure.nonRetryable(rejection, Failure.RunObjectRejected);
      },
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      const failure = await expectFailedByActivity(handle, Failure.RunObjectRejected);
      expect(failure.message).toBe(rejection);
      expect(fake.names()).toEqual([
        'loadPipeline',
        'cancelSupersededRuns',
        'createCheckRun',
        'submitArgoWorkflow',
        'updateCheckRun',
      ]);
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
      expect(fake.names()).toEqual([
        'loadPipeline',
        'cancelSupersededRuns',
        'createCheckRun',
        'submitArgoWorkflow',
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
