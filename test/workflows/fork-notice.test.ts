import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Failure } from '../../domain/failures';
import { forkNoticeText, type ForkNotice } from '../../domain/fork-notice';
import type { forkNoticeWorkflow } from '../../workflows';
import { fakeActivities } from './fake-activities';
import { startWorkflowHarness, withWorker, type WorkflowHarness } from './harness';
import { historyFromJSON } from './history-json';

const recorded = fileURLToPath(new URL('../fixtures/histories/fork-notice/opened.json', import.meta.url));
const notice: ForkNotice = {
  installationId: 1,
  repo: { owner: 'tcolgate', name: 'kube-ci' },
  pullRequest: 7,
  sha: '0123456789abcdef0123456789abcdef01234567',
  action: 'synchronize',
};

describe('forkNoticeWorkflow', () => {
  let harness: WorkflowHarness;
  let n = 0;
  beforeAll(async () => {
    harness = await startWorkflowHarness();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  const start = (taskQueue: string) =>
    harness.client.workflow.start<typeof forkNoticeWorkflow>('forkNoticeWorkflow', {
      taskQueue,
      workflowId: `fork-notice-test-${Date.now()}-${n++}`,
      args: [{ notice, deliveryId: 'delivery-fork' }],
    });

  it('posts the notice’s text on the PR, once', async () => {
    const fake = fakeActivities();
    await withWorker(harness, fake.activities, async ({ taskQueue }) => {
      expect(await (await start(taskQueue)).result()).toEqual({ commentId: 5151 });
      expect(fake.names()).toEqual(['postForkNotice']);
      expect(fake.inputOf('postForkNotice')).toEqual({
        notice,
        body: forkNoticeText(notice),
        deliveryId: 'delivery-fork',
      });
    });
  }, 60_000);

  it('fails when GitHub refuses the comment for good, without retrying it', async () => {
    const fake = fakeActivities({
      postForkNotice: async () => {
        throw ApplicationFailure.nonRetryable('Resource not accessible by integration', Failure.GitHubPermissionDenied);
      },
    });
    await withWorker(harness, fake.activities, async ({ taskQueue }) => {
      await expect((await start(taskQueue)).result()).rejects.toBeInstanceOf(WorkflowFailedError);
      expect(fake.names()).toEqual(['postForkNotice']);
    });
  }, 60_000);

  it('replays its recorded history (test/fixtures/histories/fork-notice/opened.json)', async () => {
    expect(existsSync(recorded)).toBe(true);
    const history = historyFromJSON(JSON.parse(readFileSync(recorded, 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: harness.bundle }, history, 'fork-notice-opened');
  }, 60_000);
});
