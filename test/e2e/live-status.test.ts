import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunsFor, deliverCheckSuite, runningArgoWorkflow } from './deliveries';
import { startStack, type Stack } from './stack';

/** Two steps; Argo deletes each pod 300 ms after it completes (podGC), long before the workflow ends. */
const podGcPipeline = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ci-
spec:
  entrypoint: build
  podGC:
    strategy: OnPodCompletion
    deleteDelayDuration: 300ms
  arguments:
    parameters:
      - name: deploy_token
        value: s3cr3t-deploy-value
  templates:
    - name: build
      steps:
        - - name: compile
            template: compile
        - - name: test
            template: test
    - name: compile
      container:
        image: golang:1.22
        command: [go, build, ./...]
    - name: test
      container:
        image: golang:1.22
        command: [go, test, ./...]
`;

const testLog = [
  ...Array.from({ length: 25 }, (_, i) => `pkg/a_test.go:${i + 1}: failure ${i + 1}`),
  'deploying with s3cr3t-deploy-value',
  'auth ghp_0123456789abcdefghijABCDEFGHIJ0123',
  `huge.go:1: ${'a'.repeat(100_000)}`, // a 100 KB line: skipped alone, the others stay
  'exit status 1',
  'FAIL pkg',
  '',
].join('\n');

describe('live status: step logs read as steps finish, pods garbage-collected before the workflow ends', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('publishes every step’s annotations once, shows the failed step’s last lines masked, and concludes once', async () => {
    stack.argo.plan(() => ({
      outcome: 'Failed',
      stepDelayMs: 500,
      logs: { compile: 'main.go:3:7: unused variable x\n', test: testLog },
    }));
    try {
      const startedAt = Date.now();
      const { handle, sha } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': podGcPipeline });
      const name = await runningArgoWorkflow(stack, handle);
      const podsOf = () =>
        stack.kube.store
          .list('pods', 'argo')
          .filter((p) => p.metadata.labels?.['workflows.argoproj.io/workflow'] === name)
          .map((p) => p.metadata.name!);
      const podsAtEnd = stack.argo
        .waitFor('argo', name, (wf) => wf.status?.phase === 'Failed', 60_000)
        .then(() => podsOf());
      expect(await handle.result()).toMatchObject({ outcome: 'failure' });
      const elapsedMs = Date.now() - startedAt;

      // compile's pod was gone before the workflow ended; both logs were read once each, while their pods existed
      const remaining = await podsAtEnd;
      expect(remaining).toHaveLength(1);
      expect(remaining[0]).toMatch(new RegExp(`^${name}-test-`));
      const logReads = stack.kube.requests.filter((r) => r.path.endsWith('/log') && r.path.includes(`/${name}-`));
      expect(logReads.map((r) => r.status)).toEqual([200, 200]);
      expect(new Set(logReads.map((r) => r.path)).size).toBe(2);

      const [checkRun, ...others] = checkRunsFor(stack, sha);
      expect(others).toHaveLength(0);
      expect(checkRun!.fields).toMatchObject({ status: 'completed', conclusion: 'failure' });
      const messages = checkRun!.annotations.map(
        (a) => `${String(a.path)}:${String(a.start_line)} ${String(a.message)}`,
      );
      expect(messages).toEqual([
        'main.go:3 unused variable x',
        ...Array.from({ length: 25 }, (_, i) => `pkg/a_test.go:${i + 1} failure ${i + 1}`),
      ]);

      // the final state is written once; nothing after it reopens or changes the conclusion
      const updates = checkRun!.history.map((u) => u.body);
      const firstFinal = updates.findIndex((b) => b['status'] === 'completed');
      expect(updates.filter((b) => b['conclusion'] !== undefined)).toHaveLength(1);
      expect(firstFinal).toBe(updates.length - 1);

      // the failed step's last 20 lines, masked, live (before the conclusion) and in the final text
      const text = (b: Record<string, unknown>) => String((b['output'] as { text?: string } | undefined)?.text ?? '');
      const finalText = text(updates[firstFinal]!);
      expect(finalText).toContain('### Failed steps');
      expect(finalText).toContain('(last 20 lines of its log)');
      expect(finalText).toContain('pkg/a_test.go:11: failure 11\n');
      expect(finalText).not.toContain('pkg/a_test.go:10: failure 10\n');
      expect(finalText).toContain('deploying with ***\nauth ***\n');
      expect(finalText).toContain('FAIL pkg\n');
      expect(JSON.stringify(updates)).not.toContain('s3cr3t-deploy-value');
      expect(JSON.stringify(updates)).not.toContain('ghp_0123456789');
      expect(
        updates.slice(0, firstFinal).some((b) => b['status'] === 'in_progress' && text(b).includes('FAIL pkg')),
      ).toBe(true);

      // coalesced: at most one progress update per interval (200 ms here) plus one per status change, plus
      // the annotations still waiting at the end (26 → one request)
      const progress = updates.slice(0, firstFinal).filter((b) => b['status'] !== undefined);
      expect(progress.length).toBeLessThanOrEqual(Math.floor(elapsedMs / 200) + 1 + 2 + 1);
    } finally {
      stack.argo.plan(() => ({}));
    }
  }, 90_000);

  // last in this file: the injected fault stays until the stack closes
  it('a refused write of its notes on the Argo Workflow does not fail the run: the tail comes from the pod', async () => {
    stack.kube.injectFault({ method: 'PATCH', path: /\/namespaces\/argo\/workflows\//, status: 403, times: 1_000 });
    stack.argo.plan(() => ({ outcome: 'Failed', logs: { test: 'step one\nFAIL pkg/b\n' } }));
    try {
      const pipeline = podGcPipeline.replace(/ {2}podGC:\n.*\n.*\n/, '');
      const { handle, sha } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': pipeline });
      expect(await handle.result()).toMatchObject({ outcome: 'failure' });
      const [checkRun] = checkRunsFor(stack, sha);
      expect(checkRun!.fields).toMatchObject({ status: 'completed', conclusion: 'failure' });
      const output = checkRun!.fields['output'] as { summary: string; text: string };
      expect(output.summary).not.toContain('could not attach');
      expect(output.text).toContain('```\nstep one\nFAIL pkg/b\n```');
      const refused = stack.kube.requests.filter((r) => r.method === 'PATCH' && r.status === 403);
      expect(refused.length).toBeGreaterThanOrEqual(2); // the failed-step logs and the logs-read mark
    } finally {
      stack.argo.plan(() => ({}));
    }
  }, 90_000);
});
