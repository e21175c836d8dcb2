import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun } from './assertions';
import { exampleCheckRunId, fakeActivities, foundPipeline } from './fake-activities';
import { startWorkflowHarness, withWorker, type WorkflowHarness } from './harness';
import type { PathFilterVerdict } from '../../domain/path-filter';
import type { Activities } from '../../activities';

const annotated = foundPipeline({ annotations: { 'kube-ci.qutics.com/onPathChange': 'src/**' } });
const withVerdict =
  (pathFilter: PathFilterVerdict): Activities['loadPipeline'] =>
  async (input) => ({ ...(await annotated(input)), pathFilter });

describe('ciRunWorkflow: onPathChange (shape 0.4)', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await startWorkflowHarness();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('concludes its own check run `skipped` with the reason, and supersedes and submits nothing', async () => {
    const reason = 'Skipped: this push changes `docs/a.md` (aaaaaaa...bbbbbbb), and onPathChange matches none of it.';
    const fake = fakeActivities({ loadPipeline: withVerdict({ kind: 'skip', reason }) });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      expect(await handle.result()).toEqual({ outcome: 'skipped', reason, checkRunId: exampleCheckRunId });
      expect(fake.names()).toEqual(['loadPipeline', 'createCheckRun', 'updateCheckRun']);
      expect(fake.inputOf('createCheckRun')).toMatchObject({ name: 'Workflow - build', externalId: 'build' });
      expect(fake.inputOf('updateCheckRun')).toMatchObject({
        checkRunId: exampleCheckRunId,
        name: 'Workflow - build',
        status: 'completed',
        conclusion: 'skipped',
        output: { title: 'Skipped: no matching changes', summary: reason },
      });
      expect(await describeRun(handle)).toEqual({ status: 'COMPLETED', outcome: 'skipped' });
    });
  });

  it('runs when the filter cannot decide, and says why on the check run', async () => {
    const reason = 'kube-ci.qutics.com/onPathChange was not applied, so the run goes ahead: the list was cut';
    const fake = fakeActivities({ loadPipeline: withVerdict({ kind: 'unchecked', reason }) });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      expect(await handle.result()).toMatchObject({ outcome: 'success' });
      expect(fake.names()).toContain('submitPipeline');
      expect(fake.inputOf('finishCheckRun')).toMatchObject({ notes: `**WARNING:** ${reason}` });
    });
  });

  it('runs as before when a file matches', async () => {
    const fake = fakeActivities({ loadPipeline: withVerdict({ kind: 'run', reason: 'src/a.ts matches' }) });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start();
      expect(await handle.result()).toMatchObject({ outcome: 'success' });
      expect(fake.names()).toContain('submitPipeline');
    });
  });
});
