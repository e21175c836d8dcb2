import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StarlarkPool } from '../../starlark-wasm/src/index';
import { seedFromWebhookPayload } from '../fakes/github';
import { startPool, testStarlarkRenderer } from '../pipeline/support';
import { examplePayload, signedDelivery } from '../support/webhook-delivery';
import { argoWorkflowsFor, checkRunsFor, deliverAccepted } from './deliveries';
import { buildAndTest } from './pipelines';
import { startStack, webhookSecret, type Stack } from './stack';

/** buildAndTest with `onPathChange` globs. */
const filtered = (globs: string) =>
  buildAndTest.replace('  annotations:\n', `  annotations:\n    kube-ci.qutics.com/onPathChange: '${globs}'\n`);

const starlarkReadingFiles = `print("changed:", input.changed_files, "cut:", input.changed_files_truncated)
workflow = {
    "apiVersion": "argoproj.io/v1alpha1",
    "kind": "Workflow",
    "metadata": {"generateName": "ci-"},
    "spec": {"entrypoint": "build", "templates": [
        {"name": "build", "container": {"image": "alpine", "command": ["echo"] + (input.changed_files or [])}},
    ]},
}
`;

let counter = 0;

/**
 * A push of `head` on top of `base` on a fresh branch, as GitHub's check_suite.requested (its real payload)
 * reports it: `before` is the base commit. With `pullRequest`, the suite lists a pull request whose base is
 * the base commit, as GitHub does for a push to a pull request's branch.
 */
async function push(
  stack: Stack,
  files: { base: Record<string, string>; middle?: Record<string, string>; head: Record<string, string> },
  options: { pullRequest?: boolean } = {},
) {
  const branch = `paths-${process.pid}-${counter++}`;
  const base = randomBytes(20).toString('hex');
  const payload = examplePayload('check_suite', 'requested');
  const suite = payload['check_suite'];
  Object.assign(suite, { head_branch: branch, head_sha: base, id: 800_000 + process.pid * 100 + counter });
  seedFromWebhookPayload(stack.github, payload, files.base);
  // an earlier push to the branch: `before` is its commit, the pull request's base stays `base`
  if (files.middle) {
    suite.head_sha = randomBytes(20).toString('hex');
    seedFromWebhookPayload(stack.github, payload, files.middle);
  }
  const before = suite.head_sha as string;
  suite.before = before;
  suite.head_sha = randomBytes(20).toString('hex');
  suite.after = suite.head_sha;
  seedFromWebhookPayload(stack.github, payload, files.head);
  if (options.pullRequest) {
    const [pr] = examplePayload('check_suite', 'rerequested')['check_suite'].pull_requests;
    pr.head = { ...pr.head, ref: branch, sha: suite.head_sha };
    pr.base = { ...pr.base, ref: 'master', sha: base };
    suite.pull_requests = [pr];
  }
  const handle = await deliverAccepted(stack, await signedDelivery(webhookSecret, 'check_suite', payload));
  return { handle, sha: suite.head_sha as string, before };
}

const compareRequests = (stack: Stack) =>
  stack.github.requests.filter((r) => r.operationId === 'repos/compare-commits-with-basehead');

describe('onPathChange and input.changed_files, end to end', () => {
  let stack: Stack;
  let pool: StarlarkPool;
  beforeAll(async () => {
    pool = await startPool(1);
    stack = await startStack({ renderStarlark: testStarlarkRenderer(pool) });
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await pool?.close();
  });
  beforeEach(() => {
    stack.github.reset();
  });

  it('skips a push that changes only files outside the globs: check run skipped with the reason, no Argo Workflow', async () => {
    const ci = filtered('src/**, go.mod');
    const { handle, sha, before } = await push(stack, {
      base: { '.kube-ci/ci.yaml': ci, 'README.md': '# hi', 'src/main.go': 'package main' },
      head: { '.kube-ci/ci.yaml': ci, 'README.md': '# hello', 'src/main.go': 'package main' },
    });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'skipped' });
    const [checkRun, ...others] = checkRunsFor(stack, sha);
    expect(others).toEqual([]);
    expect(checkRun!.fields).toMatchObject({
      name: 'Workflow - build',
      external_id: 'build',
      status: 'completed',
      conclusion: 'skipped',
    });
    const output = checkRun!.fields['output'] as { title: string; summary: string };
    expect(output.title).toBe('Skipped: no matching changes');
    expect(output.summary).toBe(
      `Skipped: this push changes \`README.md\` (${before.slice(0, 7)}...${sha.slice(0, 7)}), ` +
        'and kube-ci.qutics.com/onPathChange (`src/**`, `go.mod`) matches none of it.',
    );
    expect(argoWorkflowsFor(stack, sha)).toEqual([]);
    // the context folder with ci.yaml (one GraphQL request), the comparison, the check run's create and conclusion
    const requests = stack.github.requests.filter((r) => r.operationId !== 'apps/create-installation-access-token');
    expect(requests.map((r) => r.operationId)).toEqual([
      'graphql',
      'repos/compare-commits-with-basehead',
      'checks/create',
      'checks/update',
    ]);
    expect(compareRequests(stack)).toHaveLength(1);
    expect(compareRequests(stack)[0]!.path).toBe(`/repos/Codertocat/Hello-World/compare/${before}...${sha}`);
    expect(stack.github.schemaViolations).toEqual([]);
  });

  it('runs a push that changes a file inside the globs', async () => {
    const ci = filtered('src/**, go.mod');
    const { handle, sha } = await push(stack, {
      base: { '.kube-ci/ci.yaml': ci, 'src/main.go': 'package main' },
      head: { '.kube-ci/ci.yaml': ci, 'src/main.go': 'package main // changed' },
    });
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    expect(checkRunsFor(stack, sha).map((c) => c.fields['conclusion'])).toEqual(['success']);
    expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
  });

  it('runs a pull request whose changed-file list is cut, and says why on the check run', async () => {
    const ci = filtered('src/**');
    const docs = Object.fromEntries(Array.from({ length: 320 }, (_, i) => [`docs/page-${i}.md`, `page ${i}`]));
    const { handle, sha } = await push(
      stack,
      { base: { '.kube-ci/ci.yaml': ci }, head: { '.kube-ci/ci.yaml': ci, ...docs } },
      { pullRequest: true },
    );
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    const [checkRun] = checkRunsFor(stack, sha);
    expect(checkRun!.fields['conclusion']).toBe('success');
    expect((checkRun!.fields['output'] as { text: string }).text).toContain(
      '**WARNING:** kube-ci.qutics.com/onPathChange was not applied, so the run goes ahead: the list of changed files was cut at 300',
    );
    expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
  });

  it('compares a pull request from its base, not from the previous push', async () => {
    const ci = filtered('src/**');
    const { handle, sha } = await push(
      stack,
      {
        base: { '.kube-ci/ci.yaml': ci },
        middle: { '.kube-ci/ci.yaml': ci, 'src/a.go': 'a' },
        head: { '.kube-ci/ci.yaml': ci, 'src/a.go': 'a', 'README.md': 'only this in the last push' },
      },
      { pullRequest: true },
    );
    // the last push changed only README.md, but the pull request changes src/a.go
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
  });

  it.each([
    ['refuses the comparison (403)', 403, 1, 1],
    ['keeps failing to answer it (502)', 502, 10, 3],
  ] as const)(
    'runs, saying why, when GitHub %s',
    async (_name, status, times, attempts) => {
      stack.github.injectFault({ method: 'GET', path: /\/compare\//, status, times });
      const ci = filtered('src/**');
      const { handle, sha } = await push(stack, {
        base: { '.kube-ci/ci.yaml': ci },
        head: { '.kube-ci/ci.yaml': ci, 'README.md': 'outside the globs' },
      });
      expect(await handle.result()).toMatchObject({ outcome: 'success' });
      const text = (checkRunsFor(stack, sha)[0]!.fields['output'] as { text: string }).text;
      expect(text).toContain(
        'onPathChange was not applied, so the run goes ahead: no list of changed files (GitHub did not compare',
      );
      // a transient failure is retried with the load, and given up from its third attempt
      expect(compareRequests(stack)).toHaveLength(attempts);
    },
    60_000,
  );

  it('stops matching a glob too costly for the changed paths and runs, saying why; the worker keeps serving', async () => {
    // picomatch's regular expression for this glob backtracks for minutes on a 100-character name
    const ci = filtered(`${'*a'.repeat(12)}b`);
    const startedAt = Date.now();
    const { handle, sha } = await push(stack, {
      base: { '.kube-ci/ci.yaml': ci },
      head: { '.kube-ci/ci.yaml': ci, ['a'.repeat(100)]: 'x' },
    });
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    const text = (checkRunsFor(stack, sha)[0]!.fields['output'] as { text: string }).text;
    expect(text).toContain('matching its globs took over 1000 ms (KUBECI_PATH_FILTER_TIMEOUT)');
  }, 60_000);

  it('makes no compare request for a pipeline without the annotation', async () => {
    const { handle } = await push(stack, {
      base: { '.kube-ci/ci.yaml': buildAndTest },
      head: { '.kube-ci/ci.yaml': buildAndTest, 'README.md': 'x' },
    });
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    expect(compareRequests(stack)).toEqual([]);
  });

  it('gives a ci.star that reads input.changed_files the list (and a cut flag) in one compare request', async () => {
    const { handle, sha } = await push(stack, {
      base: { '.kube-ci/ci.star': starlarkReadingFiles, 'src/a.go': 'a' },
      head: { '.kube-ci/ci.star': starlarkReadingFiles, 'src/a.go': 'a2', 'src/b.go': 'b' },
    });
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    const [wf] = argoWorkflowsFor(stack, sha);
    const build = wf!.spec.templates!.find((t) => t.name === 'build') as { container: { command: string[] } };
    expect(build.container.command).toEqual(['echo', 'src/a.go', 'src/b.go']);
    const text = (checkRunsFor(stack, sha)[0]!.fields['output'] as { text: string }).text;
    expect(text).toContain('changed: ["src/a.go", "src/b.go"] cut: False');
    expect(compareRequests(stack)).toHaveLength(1);
  });

  it('evaluates again with the list when only a loaded module names changed_files', async () => {
    const lib = 'def files():\n    return input.changed_files\n';
    const main = starlarkReadingFiles
      .replace('print("changed:", input.changed_files, "cut:", input.changed_files_truncated)\n', '')
      .replace('(input.changed_files or [])', '(files() or [])');
    const ciStar = `load("lib/paths.star", "files")\n${main}`;
    const context = { '.kube-ci/ci.star': ciStar, '.kube-ci/lib/paths.star': lib };
    const { handle, sha } = await push(stack, {
      base: { ...context, 'x.txt': '1' },
      head: { ...context, 'x.txt': '2' },
    });
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    const [wf] = argoWorkflowsFor(stack, sha);
    const build = wf!.spec.templates!.find((t) => t.name === 'build') as { container: { command: string[] } };
    expect(build.container.command).toEqual(['echo', 'x.txt']);
    // each context file is read once, for both evaluations: ci.star with the listing, the module in one more query
    const reads = stack.github.requests.filter((r) => r.operationId === 'graphql' || r.operationId?.startsWith('git/'));
    expect(reads.map((r) => r.operationId)).toEqual(['graphql', 'graphql']);
  });
});
