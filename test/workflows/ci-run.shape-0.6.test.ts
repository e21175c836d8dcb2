import { ApplicationFailure } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline } from '../domain/fixtures';
import { describeRun } from './assertions';
import { exampleCheckRunId, fakeActivities, foundPipeline } from './fake-activities';
import { freshTrigger, startWorkflowHarness, withWorker, type WorkflowHarness } from './harness';

// Run shape 0.6: the decision is loadPipeline's (activities/decide-loaded.ts); superseding runs alongside the submit.
describe('ciRunWorkflow shape 0.6: the decision from loadPipeline, superseding off the path to the Argo Workflow', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await startWorkflowHarness();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it("follows the decision loadPipeline returns, not the workflow's own reading of the rules", async () => {
    // The rules would run this pipeline; a release that decides otherwise is what history must keep.
    const fake = fakeActivities({
      loadPipeline: foundPipeline({ decision: { kind: 'skip', reason: 'decided by the activity' } }),
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      expect(await handle.result()).toEqual({ outcome: 'skipped', reason: 'decided by the activity' });
      expect(fake.names()).toEqual(['loadPipeline']);
    });
  });

  it("submits the decision's workflow and names the check run and the supersede group as the activity says", async () => {
    const decided = pipeline();
    decided.spec.entrypoint = 'test';
    const fake = fakeActivities({
      loadPipeline: foundPipeline({
        workflow: decided,
        decision: {
          kind: 'run',
          entrypoint: 'test',
          checkRunName: 'Workflow - test',
          warnings: [],
          pipelineEntrypoint: 'build',
        },
      }),
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start(freshTrigger({ entrypoint: 'test' }));
      expect(await handle.result()).toMatchObject({ outcome: 'success' });
      expect(fake.inputOf('createCheckRun')).toMatchObject({ name: 'Workflow - test', externalId: 'test' });
      expect(fake.inputOf('submitPipeline').workflow.spec.entrypoint).toBe('test');
      expect(fake.inputOf('cancelSupersededRuns')).toMatchObject({ pipelineEntrypoint: 'build' });
    });
  });

  it('asks checkAuthorised from loadPipeline when the rules refuse a press, and runs when the presser may bypass them', async () => {
    const fake = fakeActivities({ loadPipeline: foundPipeline({ buildBranches: '^release-' }) });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const trigger = freshTrigger({ source: 'check_suite_rerequested', sender: 'maintainer' });
      const handle = await start(trigger);
      expect(await handle.result()).toMatchObject({ outcome: 'success' });
      expect(fake.names().slice(0, 2)).toEqual(['loadPipeline', 'checkAuthorised']);
      expect(fake.names()).toContain('createCheckRun');
      expect(fake.inputOf('checkAuthorised')).toMatchObject({ login: 'maintainer' });
    });
  });

  it('runs on when the older runs cannot be superseded, and says so on the check run', async () => {
    const fake = fakeActivities({
      cancelSupersededRuns: async () => {
        throw ApplicationFailure.nonRetryable('visibility store unavailable', 'Unavailable');
      },
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      expect(await handle.result()).toMatchObject({ outcome: 'success', checkRunId: exampleCheckRunId });
      const warning = 'kube-ci could not cancel the older runs of this branch: visibility store unavailable';
      expect(fake.inputOf('followArgoWorkflow').notes).toContain(warning);
      expect(fake.inputOf('finishCheckRun').notes).toContain(warning);
      expect(await describeRun(handle)).toEqual({ status: 'COMPLETED', outcome: 'success' });
    });
  });
});
