import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wfName } from '../../domain/wf-name';
import { setupOutput } from '../../workflows/check-run-texts';
import {
  BranchAttribute,
  CommitAttribute,
  EntrypointAttribute,
  RepoAttribute,
  TriggerAttribute,
} from '../../workflows/search-attributes';
import { pipeline, settingsWith } from '../domain/fixtures';
import { describeRun, expectCalledBesideSupersede } from './assertions';
import { exampleCheckRunId, exampleRepo, fakeActivities, foundPipeline } from './fake-activities';
import { freshTrigger, startWorkflowHarness, withWorker, type WorkflowHarness } from './harness';

describe('ciRunWorkflow: what runs', () => {
  let harness: WorkflowHarness;
  beforeAll(async () => {
    harness = await startWorkflowHarness();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('ends without a check run when the commit has no pipeline', async () => {
    const fake = fakeActivities({ loadPipeline: async () => ({ kind: 'none', reason: 'no .kube-ci/ at abc' }) });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const trigger = freshTrigger();
      const handle = await start(trigger);
      expect(await handle.result()).toEqual({ outcome: 'no-pipeline', reason: 'no .kube-ci/ at abc' });
      expect(fake.names()).toEqual(['loadPipeline']);
      // shape 0.6: loadPipeline decides the run too
      expect(fake.inputOf('loadPipeline')).toEqual({ trigger, decide: true });
      expect(await describeRun(handle)).toEqual({ status: 'COMPLETED', outcome: 'no-pipeline' });
    });
  });

  it('reports an invalid pipeline on a failed Default Workflow check run, annotated at the error', async () => {
    const error = { message: 'mapping values are not allowed here', file: '.kube-ci/ci.yaml', line: 3, column: 7 };
    const fake = fakeActivities({
      loadPipeline: async () => ({ kind: 'invalid', error, repo: exampleRepo, settings: settingsWith() }),
    });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const trigger = freshTrigger();
      const handle = await start(trigger);
      expect(await handle.result()).toEqual({
        outcome: 'invalid-pipeline',
        reason: error.message,
        checkRunId: exampleCheckRunId,
      });
      expect(fake.names()).toEqual(['loadPipeline', 'createCheckRun', 'updateCheckRun']);
      expect(fake.inputOf('createCheckRun')).toEqual({ trigger, name: 'Default Workflow', output: setupOutput });
      expect(fake.inputOf('updateCheckRun')).toMatchObject({
        trigger,
        checkRunId: exampleCheckRunId,
        name: 'Default Workflow',
        status: 'completed',
        conclusion: 'failure',
        output: {
          title: 'Workflow Setup',
          summary: 'unable to parse workflow, mapping values are not allowed here',
          annotations: [
            {
              path: '.kube-ci/ci.yaml',
              start_line: 3,
              end_line: 3,
              annotation_level: 'failure',
              message: error.message,
            },
          ],
        },
      });
      expect(await describeRun(handle)).toEqual({ status: 'COMPLETED', outcome: 'invalid-pipeline' });
    });
  });

  it('skips a branch that buildBranches excludes, creating nothing', async () => {
    const fake = fakeActivities({ loadPipeline: foundPipeline({ buildBranches: '^release-' }) });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const handle = await start(freshTrigger({ ref: 'master' }));
      const result = await handle.result();
      expect(result.outcome).toBe('skipped');
      expect(result.reason).toContain('do not match `^release-`');
      expect(fake.names()).toEqual(['loadPipeline']);
      expect(await describeRun(handle)).toEqual({ status: 'COMPLETED', outcome: 'skipped' });
    });
  });

  // SPEC B 7.2 step 9: the summary is "error finding workflow endpoint, …", without the
  // "unable to parse workflow, " prefix that parse errors get (a regression test: it once had it).
  it('fails the Default Workflow check run with summary "error finding workflow endpoint, …"', async () => {
    const fake = fakeActivities({ loadPipeline: foundPipeline() });
    await withWorker(harness, fake.activities, async ({ start }) => {
      const trigger = freshTrigger({ entrypoint: 'deploy', source: 'slash_command' });
      const handle = await start(trigger);
      const message = 'error finding workflow endpoint, requested entrypoint "deploy" not found in workflow templates';
      expect(await handle.result()).toEqual({
        outcome: 'invalid-pipeline',
        reason: message,
        checkRunId: exampleCheckRunId,
      });
      expect(fake.names()).toEqual(['loadPipeline', 'createCheckRun', 'updateCheckRun']);
      expect(fake.inputOf('createCheckRun')).toEqual({ trigger, name: 'Default Workflow', output: setupOutput });
      expect(fake.inputOf('updateCheckRun')).toMatchObject({
        checkRunId: exampleCheckRunId,
        name: 'Default Workflow',
        status: 'completed',
        conclusion: 'failure',
        output: { title: 'Workflow Setup', summary: message },
      });
      expect(await describeRun(handle)).toMatchObject({ status: 'COMPLETED', outcome: 'invalid-pipeline' });
    });
  });

  it('creates the check run, submits the decorated Argo Workflow, follows it and reports success', async () => {
    const fake = fakeActivities();
    await withWorker(harness, fake.activities, async ({ start }) => {
      const trigger = freshTrigger();
      const handle = await start(trigger);
      const result = await handle.result();
      const { workflowId } = handle;
      const name = wfName({ org: 'tcolgate', repo: 'kube-ci', entrypoint: '', ref: 'master', salt: workflowId });
      expect(name).toMatch(/^kube-ci\.master\.x[\w-]{8}$/);
      expect(result).toEqual({
        outcome: 'success',
        checkRunId: exampleCheckRunId,
        argoWorkflow: { namespace: 'argo', name },
      });

      expectCalledBesideSupersede(fake, [
        'loadPipeline',
        'createCheckRun',
        'submitPipeline',
        'followArgoWorkflow',
        'finishCheckRun',
      ]);
      // shape 0.5: the submitted workflow has no manual steps (submitPipeline says so), so none are offered
      const superseding = fake.inputOf('cancelSupersededRuns');
      expect(superseding).toMatchObject({ trigger, workflowId, pipelineEntrypoint: 'build' });
      expect(Math.abs(superseding.startedAtMs - Date.now())).toBeLessThan(60_000);
      expect(fake.inputOf('createCheckRun')).toEqual({
        trigger,
        name: 'Workflow - build',
        externalId: 'build',
        output: setupOutput,
      });

      // The workflow hands over the decided pipeline and follows the name the activity made.
      expect(fake.inputOf('submitPipeline')).toEqual({
        trigger,
        repo: exampleRepo,
        workflow: pipeline(),
        checkRun: { id: exampleCheckRunId, name: 'Workflow - build' },
      });
      const followed = {
        trigger,
        namespace: 'argo',
        name,
        checkRun: { id: exampleCheckRunId, name: 'Workflow - build' },
      };
      expect(fake.inputOf('followArgoWorkflow')).toEqual(followed);
      expect(fake.inputOf('finishCheckRun')).toEqual(followed);

      const description = await handle.describe();
      expect(description.status.name).toBe('COMPLETED');
      const attributes = description.typedSearchAttributes;
      expect(
        [RepoAttribute, BranchAttribute, CommitAttribute, TriggerAttribute, EntrypointAttribute].map((k) =>
          attributes.get(k),
        ),
      ).toEqual(['tcolgate/kube-ci', 'master', trigger.sha, 'check_suite', 'default']);
      expect(await describeRun(handle)).toEqual({ status: 'COMPLETED', outcome: 'success' });
    });
  });
});
