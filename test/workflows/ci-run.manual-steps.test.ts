import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfferedManualStep } from '../../activities/offer-manual-steps';
import { workflowIdFor } from '../../domain/ids';
import type { CiTrigger } from '../../domain/types';
import type { ManualStepClickRequest } from '../../temporal/gateway';
import { runStatusQuery, type CiRunResult } from '../../workflows/ci-run.messages';
import { describeRun, eventually } from './assertions';
import { fakeActivities, Gate, type FakeActivities } from './fake-activities';
import { startWorkflowHarness, withWorker, type CiRunHandle, type WorkflowHarness } from './harness';

const steps: OfferedManualStep[] = [
  { template: 'release', checkRunId: 901, essential: true },
  { template: 'lint', checkRunId: 902, essential: false },
];

/** Fake activities whose default run offers `steps`; runs of a step (entrypoint set) offer nothing. */
function offering(waitMs = 60_000, more: Parameters<typeof fakeActivities>[0] = {}): FakeActivities {
  return fakeActivities({
    offerManualSteps: async ({ trigger }) =>
      trigger.entrypoint === ''
        ? { steps, warnings: ['Action button a-very-long-template-name dropped, only 20 chars permitted'], waitMs }
        : { steps: [], warnings: [], waitMs },
    ...more,
  });
}

let clicks = 0;
function press(
  handle: CiRunHandle,
  trigger: CiTrigger,
  action: 'run' | 'skip',
  step: OfferedManualStep,
  overrides: Partial<ManualStepClickRequest['click']> = {},
): ManualStepClickRequest {
  clicks += 1;
  const click = {
    action,
    template: step.template,
    checkRunId: step.checkRunId,
    sha: trigger.sha,
    sender: 'octocat',
    deliveryId: `click-${clicks}`,
    clickKey: `action-${String(clicks).padStart(16, '0')}`,
    ...overrides,
  };
  return {
    click,
    ownerWorkflowId: handle.workflowId,
    trigger: { ...trigger, source: 'check_run_action', entrypoint: step.template, sender: 'octocat' },
    step: { checkRunId: step.checkRunId, checkRunName: `Workflow - ${step.template}`, essential: step.essential },
  };
}

const stateOf = async (handle: CiRunHandle, template: string) =>
  (await handle.query(runStatusQuery)).manualSteps?.find((s) => s.template === template)?.state;

describe('ciRunWorkflow: manual steps', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => (harness = await startWorkflowHarness()), 120_000);
  afterAll(async () => await harness?.close());

  it('offers the steps after success, shows the warnings, waits, and runs a step on Run as a child run', async () => {
    const fake = offering();
    await withWorker(harness, fake.activities, async ({ start, gateway }) => {
      const handle = await start();
      await eventually(async () => (await handle.query(runStatusQuery)).stage === 'waiting');
      const input = fake.calls.find((c) => c.name === 'finishCheckRun')!.input as { notes?: string };
      expect(input.notes).toContain('**WARNING:** Action button a-very-long-template-name dropped');
      // the check run is concluded and the Outcome visible while the run waits
      expect(await describeRun(handle)).toEqual({ status: 'RUNNING', outcome: 'success' });

      const runTrigger = fake.inputOf('loadPipeline').trigger;
      const request = press(handle, runTrigger, 'run', steps[0]!);
      const answer = await gateway.clickManualStep(request);
      const childId = workflowIdFor(request.trigger, request.click.clickKey);
      expect(answer).toEqual({
        kind: 'delivered',
        ownerWorkflowId: handle.workflowId,
        result: { kind: 'started', workflowId: childId },
      });
      const child = harness.client.workflow.getHandle(childId);
      const childResult = (await child.result()) as CiRunResult;
      expect(childResult.outcome).toBe('success');
      // the child is a whole run of the template; being essential, its step's check run turns success
      const childLoad = fake.calls.filter((c) => c.name === 'loadPipeline').at(-1)!.input as { trigger: CiTrigger };
      expect(childLoad.trigger).toMatchObject({ entrypoint: 'release', source: 'check_run_action', sender: 'octocat' });
      const updates = fake.calls
        .filter((c) => c.name === 'updateCheckRun')
        .map((c) => c.input as Record<string, unknown>);
      expect(updates).toContainEqual(
        expect.objectContaining({ checkRunId: 901, conclusion: 'success', name: 'Workflow - release' }),
      );
      await eventually(async () => (await stateOf(handle, 'release')) === 'succeeded');

      // Skip the other one: nothing left to do, so the run ends
      expect(await gateway.clickManualStep(press(handle, runTrigger, 'skip', steps[1]!))).toMatchObject({
        kind: 'delivered',
        result: { kind: 'skipped' },
      });
      const result = await handle.result();
      expect(result.outcome).toBe('success');
      expect(result.manualSteps).toEqual([
        { ...steps[0], state: 'succeeded', runs: [childId] },
        { ...steps[1], state: 'skipped', runs: [] },
      ]);
      expect(updates.length).toBeGreaterThan(0);
      const skip = fake.calls.filter((c) => c.name === 'updateCheckRun').at(-1)!.input;
      expect(skip).toMatchObject({
        checkRunId: 902,
        conclusion: 'neutral',
        output: { title: 'Manual Step - Skipped', summary: 'User octocat skipped this manual action' },
      });
    });
  }, 60_000);

  it('refuses what cannot apply and runs the same click once, delivered twice', async () => {
    const fake = offering();
    await withWorker(harness, fake.activities, async ({ start, gateway }) => {
      const handle = await start();
      await eventually(async () => (await handle.query(runStatusQuery)).stage === 'waiting');
      const trigger = fake.inputOf('loadPipeline').trigger;
      const refusals = [
        press(handle, trigger, 'run', steps[0]!, { sha: 'b'.repeat(40) }),
        press(handle, trigger, 'run', steps[0]!, { checkRunId: 999 }),
        press(handle, trigger, 'run', { template: 'deploy', checkRunId: 903, essential: false }),
      ];
      const reasons = [];
      for (const request of refusals) reasons.push(await gateway.clickManualStep(request));
      expect(reasons).toEqual([
        { kind: 'refused', reason: `the check run is on commit ${'b'.repeat(40)}, this run built ${trigger.sha}` },
        { kind: 'refused', reason: "check run 999 is not this step's" },
        { kind: 'refused', reason: 'this run offers no manual step "deploy"' },
      ]);

      const click = press(handle, trigger, 'run', steps[1]!);
      const [first, again] = await Promise.all([gateway.clickManualStep(click), gateway.clickManualStep(click)]);
      expect(again).toEqual(first);
      const childId = workflowIdFor(click.trigger, click.click.clickKey);
      await harness.client.workflow.getHandle(childId).result();
      const childRuns = fake.calls.filter(
        (c) => c.name === 'loadPipeline' && (c.input as { trigger: CiTrigger }).trigger.entrypoint === 'lint',
      );
      expect(childRuns).toHaveLength(1);
      await handle.cancel();
      expect((await handle.result()).outcome).toBe('success');
    });
  }, 60_000);

  it('refuses a Run on a step that is running', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const fake = offering(60_000, {
      followArgoWorkflow: async (input) => {
        if (input.trigger.entrypoint === 'lint') await held;
        return { kind: 'finished', phase: 'Succeeded' };
      },
    });
    await withWorker(harness, fake.activities, async ({ start, gateway }) => {
      const handle = await start();
      await eventually(async () => (await handle.query(runStatusQuery)).stage === 'waiting');
      const trigger = fake.inputOf('loadPipeline').trigger;
      expect(await gateway.clickManualStep(press(handle, trigger, 'run', steps[1]!))).toMatchObject({
        kind: 'delivered',
      });
      expect(await gateway.clickManualStep(press(handle, trigger, 'run', steps[1]!))).toEqual({
        kind: 'refused',
        reason: 'manual step lint is already running',
      });
      expect(await gateway.clickManualStep(press(handle, trigger, 'skip', steps[1]!))).toEqual({
        kind: 'refused',
        reason: 'manual step lint is already running',
      });
      release();
      await eventually(async () => (await stateOf(handle, 'lint')) === 'succeeded');
      await handle.cancel();
      await handle.result();
    });
  }, 60_000);

  it('ends when the wait runs out; a press after that still runs the step, once', async () => {
    const fake = offering(1_500);
    await withWorker(harness, fake.activities, async ({ start, gateway }) => {
      const handle = await start();
      const result = await handle.result();
      expect(result.manualSteps?.map((s) => s.state)).toEqual(['offered', 'offered']);
      const trigger = fake.inputOf('loadPipeline').trigger;
      const click = press(handle, trigger, 'run', steps[0]!);
      const childId = workflowIdFor(click.trigger, click.click.clickKey);
      expect(await gateway.clickManualStep(click)).toEqual({ kind: 'started', workflowId: childId, started: true });
      expect(await gateway.clickManualStep(click)).toEqual({ kind: 'started', workflowId: childId, started: false });
      expect(((await harness.client.workflow.getHandle(childId).result()) as CiRunResult).outcome).toBe('success');
      // essential: the step's run marks its check run success, owner or not
      expect(fake.calls.map((c) => c.input as Record<string, unknown>)).toContainEqual(
        expect.objectContaining({ checkRunId: 901, conclusion: 'success' }),
      );
      const skip = press(handle, trigger, 'skip', steps[1]!);
      const skipped = await gateway.clickManualStep(skip);
      expect(skipped).toMatchObject({ kind: 'started', started: true });
      await harness.client.workflow.getHandle((skipped as { workflowId: string }).workflowId).result();
      expect(fake.calls.at(-1)).toMatchObject({
        name: 'updateCheckRun',
        input: { checkRunId: 902, conclusion: 'neutral', output: { title: 'Manual Step - Skipped' } },
      });
    });
  }, 60_000);

  it('takes a press that arrives before the run has registered its steps (the buttons show as soon as the check runs exist)', async () => {
    const offering = new Gate();
    const fake = fakeActivities({
      offerManualSteps: async ({ trigger }) => {
        if (trigger.entrypoint !== '') return { steps: [], warnings: [], waitMs: 60_000 };
        await offering.pass();
        return { steps, warnings: [], waitMs: 60_000 };
      },
    });
    await withWorker(harness, fake.activities, async ({ start, gateway }) => {
      try {
        const handle = await start();
        await offering.entered;
        const trigger = fake.inputOf('loadPipeline').trigger;
        const early = gateway.clickManualStep(press(handle, trigger, 'run', steps[1]!));
        const unknown = gateway.clickManualStep(
          press(handle, trigger, 'run', { template: 'deploy', checkRunId: 903, essential: false }),
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        offering.open();
        expect(await early).toMatchObject({ kind: 'delivered', result: { kind: 'started' } });
        expect(await unknown).toEqual({ kind: 'refused', reason: 'this run offers no manual step "deploy"' });
        await eventually(async () => (await stateOf(handle, 'lint')) === 'succeeded');
        await handle.cancel();
        await handle.result();
      } finally {
        offering.open();
      }
    });
  }, 60_000);

  it('offers nothing after a failure', async () => {
    const fake = offering(60_000, { followArgoWorkflow: async () => ({ kind: 'finished', phase: 'Failed' }) });
    await withWorker(
      harness,
      { ...fake.activities, finishCheckRun: async () => ({ conclusion: 'failure' }) },
      async ({ start }) => {
        const handle = await start();
        expect((await handle.result()).outcome).toBe('failure');
        expect(fake.names()).not.toContain('offerManualSteps');
      },
    );
  }, 60_000);
});
