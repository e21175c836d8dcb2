import { ApplicationFailure } from '@temporalio/activity';
import { Failure } from '../../domain/failures';
import { settingsWith } from '../domain/fixtures';
import {
  defaultActivities,
  exampleRepo,
  fakeActivities,
  foundMalformedPipeline,
  foundPipeline,
  Gate,
  heldAt,
} from './fake-activities';
import { withWorker, type CiRunHandle, type WorkflowHarness } from './harness';
import { eventually } from './assertions';
import { runStatusQuery } from '../../workflows/ci-run.messages';

/**
 * The representative runs whose histories are committed in test/fixtures/histories/ (written by
 * scripts/record-histories.ts, replayed by replay.test.ts). Each runs to its end and returns its handle.
 * Add a scenario here when ciRunWorkflow gains a path; never edit a recorded history by hand.
 */
export const recordedRuns: Record<string, (harness: WorkflowHarness) => Promise<CiRunHandle>> = {
  success: (harness) =>
    withWorker(harness, fakeActivities().activities, async ({ start }) => {
      const handle = await start();
      await handle.result();
      return handle;
    }),

  'no-pipeline': (harness) =>
    withWorker(
      harness,
      fakeActivities({ loadPipeline: async () => ({ kind: 'none', reason: 'no .kube-ci/' }) }).activities,
      async ({ start }) => {
        const handle = await start();
        await handle.result();
        return handle;
      },
    ),

  'invalid-pipeline': (harness) => {
    const error = { message: 'mapping values are not allowed here', file: '.kube-ci/ci.yaml', line: 3, column: 7 };
    const fake = fakeActivities({
      loadPipeline: async () => ({ kind: 'invalid', error, repo: exampleRepo, settings: settingsWith() }),
    });
    return withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      await handle.result();
      return handle;
    });
  },

  'failure-submit-rejected': (harness) => {
    const fake = fakeActivities({
      submitPipeline: async () => {
        throw ApplicationFailure.nonRetryable('admission webhook denied the workflow', Failure.RunObjectRejected);
      },
    });
    return withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      await handle.result().catch(() => undefined);
      return handle;
    });
  },

  'cancelled-while-following': (harness) => {
    const following = new Gate();
    const fake = fakeActivities({
      followArgoWorkflow: heldAt(following, () => ({ kind: 'finished' as const, phase: 'Succeeded' })),
    });
    return withWorker(harness, fake.activities, async ({ start }) => {
      try {
        const handle = await start();
        await following.entered;
        await handle.cancel();
        await handle.result().catch(() => undefined);
        return handle;
      } finally {
        following.open();
      }
    });
  },

  'cancelled-during-submit': (harness) => {
    const submitting = new Gate();
    const base = fakeActivities();
    const fake = fakeActivities({
      submitPipeline: async (input) => {
        await submitting.pass();
        return await base.activities.submitPipeline(input);
      },
    });
    return withWorker(harness, fake.activities, async ({ start }) => {
      try {
        const handle = await start();
        await submitting.entered;
        await handle.cancel();
        submitting.open();
        await handle.result().catch(() => undefined);
        return handle;
      } finally {
        submitting.open();
      }
    });
  },

  'finish-report-failed': (harness) => {
    const fake = fakeActivities({
      finishCheckRun: async () => {
        throw ApplicationFailure.nonRetryable('pods "x" is forbidden', Failure.KubernetesPermissionDenied);
      },
    });
    return withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      await handle.result();
      return handle;
    });
  },

  'internal-error': (harness) => {
    const fake = fakeActivities({ loadPipeline: foundMalformedPipeline() });
    return withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      await handle.result().catch(() => undefined);
      return handle;
    });
  },

  'load-failed': (harness) => {
    const fake = fakeActivities({
      loadPipeline: async () => {
        throw ApplicationFailure.nonRetryable('the Starlark engine crashed: worker exited with code 1', 'Crash');
      },
    });
    return withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      await handle.result().catch(() => undefined);
      return handle;
    });
  },

  'path-skipped': (harness) => {
    // Shape 0.4: the pipeline's onPathChange globs match none of the change's files.
    const reason = 'Skipped: this push changes `docs/a.md` (aaaaaaa...bbbbbbb), and onPathChange matches none of it.';
    const found = foundPipeline({ annotations: { 'kube-ci.qutics.com/onPathChange': 'src/**' } });
    const fake = fakeActivities({
      loadPipeline: async (input) => ({ ...(await found(input)), pathFilter: { kind: 'skip', reason } }),
    });
    return withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      await handle.result();
      return handle;
    });
  },

  'manual-steps': (harness) => {
    // Offers two steps; Run on one (a child run), Skip on the other; nothing left, so the run ends.
    const steps = [
      { template: 'release', checkRunId: 901, essential: true },
      { template: 'lint', checkRunId: 902, essential: false },
    ];
    const submitPipeline = defaultActivities().submitPipeline;
    const fake = fakeActivities({
      // shape 0.5 offers only what submitPipeline says the workflow has (the child runs of a step offer nothing)
      submitPipeline: async (input) => ({
        ...(await submitPipeline(input)),
        offersManualSteps: input.trigger.entrypoint === '',
      }),
      offerManualSteps: async ({ trigger }) => ({
        steps: trigger.entrypoint === '' ? steps : [],
        warnings: [],
        waitMs: 600_000,
      }),
    });
    return withWorker(harness, fake.activities, async ({ start, gateway }) => {
      const handle = await start();
      await eventually(async () => (await handle.query(runStatusQuery)).stage === 'waiting');
      const trigger = fake.inputOf('loadPipeline').trigger;
      for (const [i, action] of (['run', 'skip'] as const).entries()) {
        const step = steps[i]!;
        await gateway.clickManualStep({
          click: {
            action,
            template: step.template,
            checkRunId: step.checkRunId,
            sha: trigger.sha,
            sender: 'octocat',
            deliveryId: `click-${i}`,
            clickKey: `action-000000000000000${i}`,
          },
          ownerWorkflowId: handle.workflowId,
          trigger: { ...trigger, source: 'check_run_action', entrypoint: step.template, sender: 'octocat' },
          step: { checkRunId: step.checkRunId, checkRunName: `Workflow - ${step.template}`, essential: step.essential },
        });
      }
      await handle.result();
      return handle;
    });
  },
};
