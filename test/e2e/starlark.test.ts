import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StarlarkPool } from '../../starlark-wasm/src/index';
import { startPool, testStarlarkRenderer } from '../pipeline/support';
import type { CheckRunState } from '../fakes/github/state';
import { deliverAccepted, deliverCheckSuite, prepareCheckSuite } from './deliveries';
import { startStack, type Stack } from './stack';

const owner = 'Codertocat';
const repo = 'Hello-World';

/** ci.star of Hello-World: its steps come from another repository of the same owner, at a tag. */
const ciStar = `load("github://shared-ci/lib/steps.star?ref=v1", "build_template")
load("lib/local.star", "image")
print("building", input.repo["full_name"], "at", input.sha[:7])
workflow = {
    "apiVersion": "argoproj.io/v1alpha1",
    "kind": "Workflow",
    "metadata": {"generateName": "ci-"},
    "spec": {"entrypoint": "build", "templates": [build_template(image)]},
}
`;
const sharedSteps = `load("helpers.star", "container")
def build_template(image):
    print("shared build template for", image)
    return {"name": "build", "container": container(image)}
`;
const sharedHelpers = 'def container(image):\n    return {"image": image, "command": ["make"]}\n';

/** line 4 divides by zero inside a helper in a subfolder */
const brokenHelper = 'def broken():\n    x = 1\n    y = 0\n    return x // y\n';
const brokenCiStar = 'load("lib/broken.star", "broken")\nprint("about to fail")\nworkflow = broken()\n';

function annotationsOf(checkRun: CheckRunState): Record<string, unknown>[] {
  return checkRun.history.flatMap(
    (h) => ((h.body['output'] as { annotations?: unknown[] })?.annotations ?? []) as Record<string, unknown>[],
  );
}

describe('ci.star end to end', () => {
  let stack: Stack;
  let pool: StarlarkPool;
  beforeAll(async () => {
    pool = await startPool(1);
    stack = await startStack({ renderStarlark: testStarlarkRenderer(pool) });
    stack.github.addRepository({ owner, name: 'shared-ci', ownerType: 'User' });
    const v1 = stack.github.addCommit(owner, 'shared-ci', {
      files: { 'lib/steps.star': sharedSteps, 'lib/helpers.star': sharedHelpers },
    });
    stack.github.addTag(owner, 'shared-ci', { name: 'v1', sha: v1 });
    // the default branch moves on with a broken module: the tag, not the branch, must be read
    stack.github.addCommit(owner, 'shared-ci', {
      files: { 'lib/steps.star': 'fail("main is broken")', 'lib/helpers.star': sharedHelpers },
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await pool?.close();
  });

  const deliver = (files: Record<string, string>) => deliverCheckSuite(stack, files);

  it('loads a module from another repository and runs to a green check run', async () => {
    const { sha, handle } = await deliver({
      '.kube-ci/ci.star': ciStar,
      '.kube-ci/lib/local.star': 'image = "golang:1.22"\n',
    });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'success' });
    const [checkRun] = stack.github.checkRuns(owner, repo).filter((c) => c.headSha === sha);
    expect(checkRun!.fields).toMatchObject({ name: 'Workflow - build', conclusion: 'success' });
    const wf = stack.argoWorkflows().find((w) => w.metadata.name === result.argoWorkflow!.name)!;
    expect(wf.spec.templates).toEqual([{ name: 'build', container: { image: 'golang:1.22', command: ['make'] } }]);
    expect(wf.spec.arguments!.parameters).toContainEqual({ name: 'revision', value: sha });
    // print() of the whole evaluation, modules included, ends up in the check-run text (G26)
    const text = (checkRun!.fields['output'] as { text: string }).text;
    expect(text).toContain('**print() output**');
    expect(text).toContain(`building Codertocat/Hello-World at ${sha.slice(0, 7)}`);
    expect(text).toContain('shared build template for golang:1.22');
    // the other repository was read with a token for it alone, contents: read; check runs with the installation's
    const sharedRead = stack.github.requests.find(
      (r) => decodeURIComponent(r.path) === `/repos/${owner}/shared-ci/contents/lib/steps.star`,
    )!;
    expect(stack.github.tokenOf(sharedRead)).toMatchObject({
      repositories: ['shared-ci'],
      permissions: { contents: 'read', metadata: 'read' },
    });
    const ownListing = stack.github.requests.find(
      (r) => r.operationId === 'graphql' && (r.body as { variables?: { name?: string } }).variables?.name === repo,
    )!;
    expect(stack.github.tokenOf(ownListing)?.repositories).toEqual(['hello-world']);
    const checkRunWrite = stack.github.requests.find((r) => r.operationId === 'checks/create')!;
    expect(stack.github.tokenOf(checkRunWrite)).toMatchObject({ permissions: { checks: 'write' } });
    expect(stack.github.tokenOf(checkRunWrite)?.repositories).toBeUndefined();
    expect(stack.github.schemaViolations).toEqual([]);
  }, 120_000);

  it('fails the run naming the rule when ci.star loads a repository of another owner, and reads nothing there', async () => {
    stack.github.addRepository({ owner: 'evil', name: 'secrets', ownerType: 'User' });
    stack.github.addCommit('evil', 'secrets', { files: { 'keys.star': 'keys = "stolen"\n' } });
    const { sha, handle } = await deliver({
      '.kube-ci/ci.star': `print("hi")\nload("github://secrets.evil/keys.star", "keys")\n${ciStar}`,
      '.kube-ci/lib/local.star': 'image = "golang:1.22"\n',
    });
    expect(await handle.result()).toMatchObject({ outcome: 'invalid-pipeline' });
    const [checkRun] = stack.github.checkRuns(owner, repo).filter((c) => c.headSha === sha);
    expect(checkRun!.fields).toMatchObject({ name: 'Default Workflow', conclusion: 'failure' });
    expect(annotationsOf(checkRun!)).toEqual([
      expect.objectContaining({
        path: '.kube-ci/ci.star',
        start_line: 2,
        message: expect.stringContaining(
          'cannot load github://secrets.evil/keys.star: repository evil/secrets is outside the repositories this pipeline may read (allowed: Codertocat/Hello-World (this repository), Codertocat/*; setting KUBECI_STARLARK_GITHUB_REPOS / starlark.githubRepos)',
        ),
      }),
    ]);
    expect(stack.github.requests.filter((r) => r.path.includes('/evil/'))).toEqual([]);
  }, 120_000);

  it('fails a 10,000-file .kube-ci/ on its listing, fast and unread, and the worker runs the next run', async () => {
    const files: Record<string, string> = { '.kube-ci/ci.star': ciStar, '.kube-ci/lib/local.star': 'image = "x"\n' };
    for (let i = 0; i < 10_000; i++) files[`.kube-ci/data/f${i}.txt`] = `file ${i}\n`;
    const { delivery, sha } = await prepareCheckSuite(stack, files);
    stack.github.reset();
    const started = Date.now();
    const handle = await deliverAccepted(stack, delivery);
    expect(await handle.result()).toMatchObject({ outcome: 'invalid-pipeline' });
    const elapsedMs = Date.now() - started;
    expect(elapsedMs).toBeLessThan(15_000);
    const [checkRun] = stack.github.checkRuns(owner, repo).filter((c) => c.headSha === sha);
    expect(checkRun!.fields).toMatchObject({ name: 'Default Workflow', conclusion: 'failure' });
    expect(annotationsOf(checkRun!)).toEqual([
      expect.objectContaining({
        path: '.kube-ci',
        message:
          '.kube-ci/ holds 10002 files, more than the 200 a pipeline may have (setting KUBECI_CONTEXT_MAX_FILES / ciContextLimits.maxFiles); nothing was read',
      }),
    ]);
    // the listing: one GraphQL request (it brings ci.yaml's and ci.star's text along), no other file read
    const reads = stack.github.requests.filter((r) => r.operationId !== 'apps/create-installation-access-token');
    expect(reads.filter((r) => r.method === 'GET' || r.operationId === 'graphql').map((r) => r.operationId)).toEqual([
      'graphql',
    ]);

    const next = await deliver({ '.kube-ci/ci.star': ciStar, '.kube-ci/lib/local.star': 'image = "golang:1.22"\n' });
    expect(await next.handle.result()).toMatchObject({ outcome: 'success' });
  }, 120_000);

  it('gives a red check run with the error annotated on the right file and line', async () => {
    const { sha, handle } = await deliver({
      '.kube-ci/ci.star': brokenCiStar,
      '.kube-ci/lib/broken.star': brokenHelper,
    });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'invalid-pipeline' });
    const [checkRun] = stack.github.checkRuns(owner, repo).filter((c) => c.headSha === sha);
    expect(checkRun!.fields).toMatchObject({ name: 'Default Workflow', status: 'completed', conclusion: 'failure' });
    expect(annotationsOf(checkRun!)).toEqual([
      expect.objectContaining({
        path: '.kube-ci/lib/broken.star',
        start_line: 4,
        annotation_level: 'failure',
        message: expect.stringContaining('division by zero'),
      }),
    ]);
    expect((checkRun!.fields['output'] as { text: string }).text).toContain('about to fail');
    expect(stack.argoWorkflows().filter((w) => w.metadata.annotations?.['kube-ci.qutics.com/sha'] === sha)).toEqual([]);
  }, 120_000);
});
