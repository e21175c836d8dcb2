import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkRunsFor, deliverCheckSuite, owner, repo, runningArgoWorkflow, waitUntil } from './deliveries';
import { finishWhenHeld } from './event-deliveries';
import { brokenYaml, buildAndTest, wrongKind } from './pipelines';
import { startStack, type Stack } from './stack';
import { helloWorldMasterLabels, helloWorldMasterParametersFromWebhook } from './expected-decoration';

describe('a check_suite.requested webhook, end to end', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    stack.github.reset();
  });

  const deliver = (files: Record<string, string>) => deliverCheckSuite(stack, files);

  it('creates a check run, submits the Argo Workflow and reports success', async () => {
    // Held Running until the run has said so on GitHub: the simulator's 30 ms steps could end before the follower's
    // first look, and the progress would then collapse into the conclusion.
    stack.argo.plan(() => ({ holdRunning: true }));
    const { handle, sha } = await deliver({ '.kube-ci/ci.yaml': buildAndTest, 'README.md': '# hi' });
    try {
      const name = await runningArgoWorkflow(stack, handle);
      await waitUntil(
        () => checkRunsFor(stack, sha)[0]?.history.some((h) => h.body['status'] === 'in_progress') ?? false,
      );
      await finishWhenHeld(stack, name);
    } finally {
      stack.argo.plan(() => ({}));
    }
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'success' });

    const [checkRun, ...others] = stack.github.checkRuns(owner, repo).filter((c) => c.headSha === sha);
    expect(others).toHaveLength(0);
    expect(checkRun!.fields).toMatchObject({
      name: 'Workflow - build',
      status: 'completed',
      conclusion: 'success',
      external_id: 'build',
    });
    const statuses = checkRun!.history.map((h) => h.body['status']).filter(Boolean);
    expect(statuses[0]).toBe('queued');
    expect(statuses).toContain('in_progress');
    expect(statuses.at(-1)).toBe('completed');

    const argoName = result.argoWorkflow!.name;
    expect(checkRun!.fields['details_url']).toBe(`http://argo.example/workflows/argo/${argoName}`);
    // the first details link, and the text, point at the run's history in the Temporal Web UI
    const runUrl = `http://temporal-ui.example/namespaces/default/workflows/${encodeURIComponent(handle.workflowId)}`;
    expect(checkRun!.history[0]!.body['details_url']).toBe(runUrl);
    expect((checkRun!.fields['output'] as { text: string }).text).toContain(`[Run history in Temporal](${runUrl})`);
    expect(stack.github.schemaViolations).toEqual([]);
    expect(stack.kube.schemaViolations).toEqual([]);
  });

  it('submits the Argo Workflow with the parameters, labels and annotations of SPEC B §8', async () => {
    const { handle, sha } = await deliver({ '.kube-ci/ci.yaml': buildAndTest });
    const result = await handle.result();
    const wf = stack.argoWorkflows().find((w) => w.metadata.name === result.argoWorkflow!.name)!;
    expect(wf.metadata.generateName).toBeUndefined();
    expect(wf.metadata.name).toMatch(/^hello-world\.master\.x[-_a-z0-9]{8}$/);
    expect(wf.spec.arguments!.parameters).toEqual(helloWorldMasterParametersFromWebhook(sha));
    expect(wf.metadata.labels).toMatchObject(helloWorldMasterLabels);
    const checkRun = stack.github.checkRuns(owner, repo).at(-1)!;
    expect(wf.metadata.annotations).toMatchObject({
      'kube-ci.qutics.com/sha': sha,
      'kube-ci.qutics.com/branch': 'master',
      'kube-ci.qutics.com/repo': 'Hello-World',
      'kube-ci.qutics.com/org': 'Codertocat',
      'kube-ci.qutics.com/github-install-id': '957387',
      'kube-ci.qutics.com/check-run-name': 'Workflow - build',
      'kube-ci.qutics.com/check-run-id': String(checkRun.id),
    });
    expect(wf.spec.ttlStrategy).toEqual({ secondsAfterCompletion: 259200 });
    expect(wf.spec.tolerations).toContainEqual({
      key: 'dedicated',
      operator: 'Equal',
      value: 'ci',
      effect: 'NoSchedule',
    });
    expect(wf.spec.nodeSelector).toEqual({ ci: 'true' });
  });

  it.each([
    ['Failed', 'failure'],
    ['Error', 'failure'],
  ] as const)('reports an Argo %s as a %s check run', async (outcome, conclusion) => {
    stack.argo.plan(() => ({ outcome, logs: { test: 'pkg/a_test.go:12: expected 1, got 2\nok\n' } }));
    try {
      const { handle } = await deliver({ '.kube-ci/ci.yaml': buildAndTest });
      const result = await handle.result();
      expect(result.outcome).toBe('failure');
      const checkRun = stack.github.checkRuns(owner, repo).find((c) => c.id === result.checkRunId)!;
      expect(checkRun.fields).toMatchObject({ status: 'completed', conclusion });
      expect(checkRun.annotations).toContainEqual(
        expect.objectContaining({ path: 'pkg/a_test.go', start_line: 12, message: 'expected 1, got 2' }),
      );
    } finally {
      stack.argo.plan(() => ({}));
    }
  });

  it('concludes the check run cancelled when the Argo Workflow is deleted', async () => {
    stack.argo.plan(() => ({ holdRunning: true }));
    try {
      const { handle } = await deliver({ '.kube-ci/ci.yaml': buildAndTest });
      const name = await runningArgoWorkflow(stack, handle);
      await stack.cluster.delete('workflows', 'argo', name);
      const result = await handle.result();
      expect(result.outcome).toBe('cancelled');
      const checkRun = stack.github.checkRuns(owner, repo).find((c) => c.id === result.checkRunId)!;
      expect(checkRun.fields).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    } finally {
      stack.argo.plan(() => ({}));
    }
  });

  it('fails the check run with file and line for a broken ci.yaml, and submits nothing', async () => {
    const before = stack.argoWorkflows().length;
    const { handle } = await deliver({ '.kube-ci/ci.yaml': brokenYaml });
    const result = await handle.result();
    expect(result.outcome).toBe('invalid-pipeline');
    const checkRun = stack.github.checkRuns(owner, repo).find((c) => c.id === result.checkRunId)!;
    expect(checkRun.fields).toMatchObject({ name: 'Default Workflow', status: 'completed', conclusion: 'failure' });
    expect((checkRun.fields['output'] as { summary: string }).summary).toMatch(
      /^unable to parse workflow, failed to decode \.kube-ci\/ci\.yaml/,
    );
    expect(checkRun.annotations).toEqual([
      expect.objectContaining({
        path: '.kube-ci/ci.yaml',
        start_line: 6,
        annotation_level: 'failure',
        message: expect.stringMatching(/^failed to decode \.kube-ci\/ci\.yaml, .*tab/),
      }),
    ]);
    expect(stack.argoWorkflows()).toHaveLength(before);
  });

  it('rejects a pipeline of the wrong kind with a clear message', async () => {
    const { handle } = await deliver({ '.kube-ci/ci.yaml': wrongKind });
    const result = await handle.result();
    expect(result.outcome).toBe('invalid-pipeline');
    expect(result.reason).toBe('could not use argoproj.io/v1alpha1/CronWorkflow as workflow');
  });

  it('does nothing for a commit without .kube-ci/', async () => {
    const checkRunsBefore = stack.github.checkRuns(owner, repo).length;
    const { handle } = await deliver({ 'README.md': 'no ci here' });
    expect(await handle.result()).toMatchObject({ outcome: 'no-pipeline' });
    expect(stack.github.checkRuns(owner, repo)).toHaveLength(checkRunsBefore);
  });
});
