import { ApplicationFailure } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateCheckRunInput } from '../../activities/report-status';
import { Failure } from '../../domain/failures';
import { CheckRunIdAttribute, CheckRunStateAttribute } from '../../workflows/search-attributes';
import { describeRun, eventually, expectCancelled, resultError } from './assertions';
import { exampleCheckRunId, fakeActivities, foundMalformedPipeline, Gate, heldAt } from './fake-activities';
import { startWorkflowHarness, withWorker, type CiRunHandle, type WorkflowHarness } from './harness';

async function checkRunState(handle: CiRunHandle): Promise<{ state: string | undefined; id: number | undefined }> {
  const { typedSearchAttributes } = await handle.describe();
  return {
    state: typedSearchAttributes.get(CheckRunStateAttribute),
    id: typedSearchAttributes.get(CheckRunIdAttribute),
  };
}

/** Every check-run update the run sent, in order. */
function updates(fake: ReturnType<typeof fakeActivities>): UpdateCheckRunInput[] {
  return fake.calls.filter((c) => c.name === 'updateCheckRun').map((c) => c.input as UpdateCheckRunInput);
}

// Every path that created a check run ends it in a terminal state (issue: no check run left open), and the
// run's CheckRunState search attribute says whether it did, for the reconciler.
describe('ciRunWorkflow leaves no check run open', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await startWorkflowHarness();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('marks the check run open while the run follows it and concluded when it ends', async () => {
    const following = new Gate();
    const fake = fakeActivities({
      followArgoWorkflow: heldAt(following, () => ({ kind: 'finished' as const, phase: 'Succeeded' })),
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      try {
        const handle = await start();
        await following.entered;
        expect(await checkRunState(handle)).toEqual({ state: 'open', id: exampleCheckRunId });
        following.open();
        await handle.result();
        expect(await checkRunState(handle)).toEqual({ state: 'concluded', id: exampleCheckRunId });
      } finally {
        following.open();
      }
    });
  });

  it('submits before it cancels when the cancel lands during submit, then stops what it made', async () => {
    const submitting = new Gate();
    // the cancel reaches a run of shape 0.5 once its task of local activities ends: while it follows
    const following = new Gate();
    let submitted = false;
    let stoppedAfterSubmit: boolean | undefined;
    const base = fakeActivities();
    const fake = fakeActivities({
      submitPipeline: async (input) => {
        await submitting.pass();
        submitted = true;
        return await base.activities.submitPipeline(input);
      },
      followArgoWorkflow: heldAt(following, () => ({ kind: 'finished' as const, phase: 'Succeeded' })),
      stopArgoWorkflow: async () => {
        stoppedAfterSubmit = submitted;
        return { stopped: true };
      },
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      try {
        const handle = await start();
        await submitting.entered;
        await handle.cancel();
        // The submit is not cancelled: it keeps waiting at its gate until the test lets it finish.
        await new Promise((r) => setTimeout(r, 500));
        expect(fake.names()).not.toContain('stopArgoWorkflow');
        submitting.open();
        await expectCancelled(handle);
        expect(stoppedAfterSubmit).toBe(true);
        expect(fake.names().slice(-2)).toEqual(['stopArgoWorkflow', 'updateCheckRun']);
        expect(updates(fake).at(-1)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
        expect(await checkRunState(handle)).toMatchObject({ state: 'concluded' });
      } finally {
        submitting.open();
        following.open();
      }
    });
  });

  it('concludes the check run cancelled, saying so, when the Argo Workflow cannot be stopped', async () => {
    const following = new Gate();
    const fake = fakeActivities({
      followArgoWorkflow: heldAt(following, () => ({ kind: 'finished' as const, phase: 'Succeeded' })),
      stopArgoWorkflow: async () => {
        throw ApplicationFailure.nonRetryable(
          'workflows.argoproj.io "x" is forbidden: User "system:serviceaccount:argo:kube-ci" cannot patch resource',
          Failure.KubernetesPermissionDenied,
        );
      },
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      try {
        const handle = await start();
        await following.entered;
        await handle.cancel();
        await expectCancelled(handle);
        const last = updates(fake).at(-1);
        expect(last).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
        expect(last?.output?.summary).toMatch(/^kube-ci could not stop the Argo Workflow /);
        // internal identities stay out of the public check run
        expect(last?.output?.summary).not.toContain('system:serviceaccount');
        expect(await checkRunState(handle)).toMatchObject({ state: 'concluded' });
      } finally {
        following.open();
      }
    });
  });

  it("concludes with Argo's verdict when the report cannot be made", async () => {
    const fake = fakeActivities({
      finishCheckRun: async () => {
        throw ApplicationFailure.nonRetryable('pods "x" is forbidden', Failure.KubernetesPermissionDenied);
      },
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      expect((await handle.result()).outcome).toBe('success');
      const last = updates(fake).at(-1);
      expect(last).toMatchObject({ status: 'completed', conclusion: 'success' });
      expect(last?.output?.summary).toMatch(/ended Succeeded\. kube-ci could not attach its step report: pods "x"/);
      expect(await checkRunState(handle)).toMatchObject({ state: 'concluded' });
    });
  });

  it('fails the run, not its workflow tasks, when kube-ci code meets an input it did not expect', async () => {
    const fake = fakeActivities({ loadPipeline: foundMalformedPipeline() });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      const error = await resultError(handle);
      expect(error.cause).toBeInstanceOf(ApplicationFailure);
      expect((error.cause as ApplicationFailure).type).toBe(Failure.InternalError);
      expect(fake.names()).toEqual(['loadPipeline']);
      expect(await describeRun(handle)).toEqual({ status: 'FAILED', outcome: 'failure' });
      // one workflow task failure would show as a task retry loop; the run failed at its first task instead
      const history = await handle.fetchHistory();
      expect(history.events?.some((e) => e.workflowTaskFailedEventAttributes)).toBe(false);
    });
  });

  it('reports a pipeline that could not be loaded within its retries on a failed check run', async () => {
    const fake = fakeActivities({
      loadPipeline: async () => {
        // as the Starlark engine's trouble ends once its retries are used up (here at once)
        throw ApplicationFailure.nonRetryable('the Starlark engine crashed: worker exited with code 1', 'Crash');
      },
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      await resultError(handle);
      expect(fake.names()).toEqual(['loadPipeline', 'createCheckRun', 'updateCheckRun']);
      expect(fake.inputOf('updateCheckRun')).toMatchObject({
        name: 'Default Workflow',
        status: 'completed',
        conclusion: 'failure',
        output: {
          summary: expect.stringMatching(/^kube-ci could not load the pipeline: the Starlark engine crashed/),
        },
      });
      expect(await describeRun(handle)).toEqual({ status: 'FAILED', outcome: 'failure' });
      expect(await checkRunState(handle)).toMatchObject({ state: 'concluded' });
    });
  });

  it('stays marked open when GitHub refuses the conclusion, for the reconciler to close', async () => {
    const fake = fakeActivities({
      submitPipeline: async () => {
        throw ApplicationFailure.nonRetryable('admission webhook denied the workflow', Failure.RunObjectRejected);
      },
      updateCheckRun: async () => {
        throw ApplicationFailure.nonRetryable('Validation Failed', Failure.GitHubValidationFailed);
      },
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      await resultError(handle);
      await eventually(async () => (await describeRun(handle)).status === 'FAILED');
      expect(await checkRunState(handle)).toEqual({ state: 'open', id: exampleCheckRunId });
    });
  });
});
