import { ApplicationFailure } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Failure } from '../../domain/failures';
import { workflowIdFor } from '../../domain/ids';
import type { RefTrigger } from '../../domain/types';
import type { refRunWorkflow } from '../../workflows';
import { fakeActivities } from './fake-activities';
import { freshTrigger, startWorkflowHarness, withWorker, type WorkflowHarness } from './harness';
import { historyFromJSON } from './history-json';

/** The commit the fake resolveRef answers (test/workflows/fake-activities.ts). */
const RESOLVED = 'c0ffee0000000000000000000000000000000000';
const recorded = fileURLToPath(new URL('../fixtures/histories/ref-run/tag.json', import.meta.url));

function tagTrigger(): RefTrigger {
  const { sha: _sha, ...trigger } = freshTrigger({ source: 'tag', refType: 'tag', ref: 'v1.0.0' });
  return trigger;
}

describe('refRunWorkflow', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await startWorkflowHarness();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  /** the run key is the trigger's delivery id, so each test's CI run has an id of its own */
  const startRefRun = (taskQueue: string, trigger: RefTrigger, id: string) =>
    harness.client.workflow.start<typeof refRunWorkflow>('refRunWorkflow', {
      taskQueue,
      workflowId: id,
      args: [{ trigger, runKey: `tag-${trigger.deliveryId}`, event: { ref: 'v1.0.0' } }],
    });

  it('resolves the tag, then starts the commit’s CI run under the id the API would give it, abandoned', async () => {
    const fake = fakeActivities();
    const trigger = tagTrigger();
    await withWorker(harness, fake.activities, async ({ taskQueue }) => {
      const handle = await startRefRun(taskQueue, trigger, `ref-run-${trigger.deliveryId}`);
      const childId = workflowIdFor({ ...trigger, sha: RESOLVED }, `tag-${trigger.deliveryId}`);
      expect(await handle.result()).toEqual({ kind: 'started', workflowId: childId, sha: RESOLVED, started: true });
      const child = harness.client.workflow.getHandle(childId);
      // the fake pipeline has no runForTag: the run of the tag's commit is skipped by decideRun, no check run
      expect(await child.result()).toEqual({
        outcome: 'skipped',
        reason: 'the pipeline does not run for tag v1.0.0 (runForTag)',
      });
      expect((await child.describe()).raw.workflowExecutionInfo?.parentExecution?.workflowId).toBe(handle.workflowId);
      expect(fake.inputOf('resolveRef')).toEqual({ trigger });
      expect(fake.inputOf('loadPipeline')).toMatchObject({
        trigger: { ...trigger, sha: RESOLVED },
        event: { ref: 'v1.0.0' },
      });
      // the same request again (a retried start) finds the run that exists instead of starting another
      const again = await startRefRun(taskQueue, trigger, `ref-run-${trigger.deliveryId}-again`);
      expect(await again.result()).toEqual({ kind: 'started', workflowId: childId, sha: RESOLVED, started: false });
    });
  }, 60_000);

  it('ends without a run when the ref is gone', async () => {
    const fake = fakeActivities({
      resolveRef: async () => {
        throw ApplicationFailure.nonRetryable('tag v1.0.0 does not exist in o/r', Failure.GitHubNotFound);
      },
    });
    const trigger = tagTrigger();
    await withWorker(harness, fake.activities, async ({ taskQueue }) => {
      const handle = await startRefRun(taskQueue, trigger, `ref-run-${trigger.deliveryId}`);
      expect(await handle.result()).toEqual({ kind: 'not-found', reason: 'tag v1.0.0 does not exist in o/r' });
      expect(fake.names()).toEqual(['resolveRef']);
    });
  }, 60_000);

  it('retries a transient failure to resolve', async () => {
    let attempts = 0;
    const fake = fakeActivities({
      resolveRef: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('502 from GitHub');
        return { sha: RESOLVED };
      },
    });
    const trigger = tagTrigger();
    await withWorker(harness, fake.activities, async ({ taskQueue }) => {
      const handle = await startRefRun(taskQueue, trigger, `ref-run-${trigger.deliveryId}`);
      expect(await handle.result()).toMatchObject({ kind: 'started', started: true });
      expect(attempts).toBe(2);
    });
  }, 60_000);

  it('replays its recorded history (test/fixtures/histories/ref-run/tag.json)', async () => {
    expect(existsSync(recorded)).toBe(true);
    const history = historyFromJSON(JSON.parse(readFileSync(recorded, 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: harness.bundle }, history, 'ref-run-tag');
  }, 60_000);
});
