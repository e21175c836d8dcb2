import { Context } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FOLLOW_HEARTBEAT_TIMEOUT_MS } from '../../domain/follow-heartbeat';
import { defaultActivities, fakeActivities } from './fake-activities';
import { startWorkflowHarness, withWorker, type WorkflowHarness } from './harness';

let harness: WorkflowHarness;
beforeAll(async () => {
  harness = await startWorkflowHarness();
}, 120_000);
afterAll(async () => await harness?.close());

/** Runs one default run whose submitPipeline answers `submitted`; returns the follower's heartbeat timeout. */
async function followerHeartbeatTimeout(submitted: { followHeartbeatTimeoutMs?: number }): Promise<number | undefined> {
  const defaults = defaultActivities();
  let seen: number | undefined;
  const fake = fakeActivities({
    submitPipeline: async (input) => ({ ...(await defaults.submitPipeline(input)), ...submitted }),
    followArgoWorkflow: async () => {
      seen = Context.current().info.heartbeatTimeoutMs;
      return { kind: 'finished', phase: 'Succeeded' };
    },
  });
  await withWorker(harness, fake.activities, async ({ start }) => {
    expect(await (await start()).result()).toMatchObject({ outcome: 'success' });
  });
  return seen;
}

// The follower's heartbeat timeout is the worker's setting (KUBECI_FOLLOW_HEARTBEAT_TIMEOUT), which reaches the
// workflow in submitPipeline's result: workflows read no configuration.
describe('the follow activity’s heartbeat timeout', () => {
  it('is the one submitPipeline returned', async () => {
    expect(await followerHeartbeatTimeout({ followHeartbeatTimeoutMs: 23_000 })).toBe(23_000);
  });

  it('is the 60 s default when submitPipeline returned none (a run submitted before the setting)', async () => {
    expect(DEFAULT_FOLLOW_HEARTBEAT_TIMEOUT_MS).toBe(60_000);
    expect(await followerHeartbeatTimeout({})).toBe(60_000);
  });
});
