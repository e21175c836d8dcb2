import { Connection } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createTemporalGateway } from '../../temporal/gateway';
import type { ArgoWorkflow, CiTrigger } from '../../domain/types';
import { TriggerAttribute } from '../../workflows/search-attributes';
import type { StarlarkPool } from '../../starlark-wasm/src/index';
import { startPool, testStarlarkRenderer } from '../pipeline/support';
import { argoWorkflowsFor, checkRunsFor, owner, repo } from './deliveries';
import { buildAndTest } from './pipelines';
import { exampleAppId, startStack, taskQueue, webhookSecret, type Stack } from './stack';
import { helloWorldMasterLabels, helloWorldMasterParameters } from './expected-decoration';
import { listenOnLoopback, type Listening } from '../support/listen';

const token = 'e2e-api-token';
const installationId = 31337;

const printingCiStar = `print("rendering", input.repo["full_name"], "at", input.sha[:7])
workflow = {
    "apiVersion": "argoproj.io/v1alpha1",
    "kind": "Workflow",
    "metadata": {"generateName": "ci-"},
    "spec": {"entrypoint": "build", "templates": [{"name": "build", "container": {"image": "alpine", "command": ["true"]}}]},
}
`;
/** line 4 divides by zero inside a helper in a subfolder */
const brokenHelper = 'def broken():\n    x = 1\n    y = 0\n    return x // y\n';
const brokenCiStar = 'load("lib/broken.star", "broken")\nprint("about to fail")\nworkflow = broken()\n';
/** a few lines that render a Workflow of about 2.4 MB: more than a dry run carries through history */
const hugeCiStar = `templates = [{"name": "t%d" % i, "container": {"image": "alpine", "command": ["echo", "x" * 200]}} for i in range(8000)]
workflow = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": {"generateName": "ci-"}, "spec": {"entrypoint": "t0", "templates": templates}}
`;

describe('the HTTP API /api/v1/run, end to end', () => {
  let stack: Stack;
  let pool: StarlarkPool;
  let api: Listening | undefined;
  let apiUrl: string;

  beforeAll(async () => {
    pool = await startPool(1);
    stack = await startStack({ renderStarlark: testStarlarkRenderer(pool) });
    stack.github.addInstallation({ id: installationId, account: { login: owner, type: 'User' } });
    stack.github.addRepository({ owner, name: repo, ownerType: 'User', defaultBranch: 'master' });
    // the stack's API has no token (the HTTP API is off by default): this one is the API process configured with one
    const { connection } = stack.temporal;
    const app = createApp({
      secret: webhookSecret,
      appId: exampleAppId,
      allowedInstallationIds: [],
      temporal: createTemporalGateway({ connection, namespace: 'default', taskQueue }),
      logger: pino({ level: 'silent' }),
      isServing: () => true,
      runsApi: { token, defaultInstallId: installationId },
    });
    api = await listenOnLoopback(app);
    apiUrl = api.url;
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await stack?.close();
    await pool?.close();
  });

  function commit(files: Record<string, string>): string {
    return stack.github.addCommit(owner, repo, { branch: 'master', files });
  }

  async function post(body: Record<string, unknown>) {
    const res = await fetch(`${apiUrl}/api/v1/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ org: owner, repo, ref: 'master', ...body }),
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as Record<string, any> };
  }

  /** what the dry run may not do: it talks to GitHub only to read */
  function writesToGitHub() {
    // reads: GETs, token mints and GraphQL queries (a dry run reads .kube-ci/ with one)
    const isQuery = (r: { path: string; body?: unknown }) =>
      r.path === '/graphql' && /^\s*query\b/.test(String((r.body as { query?: unknown })?.query ?? ''));
    return stack.github.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/access_tokens') && !isQuery(r));
  }

  it('answers a dry run of ci.yaml with the decorated workflow, and creates no check run and no Argo Workflow', async () => {
    const sha = commit({ '.kube-ci/ci.yaml': buildAndTest });
    stack.github.reset();
    const res = await post({ hash: sha });
    expect(res.status, res.text).toBe(200);
    const body = res.json();
    expect(body['debug']).toBeUndefined();
    const wf = body['workflow'] as ArgoWorkflow;
    expect(wf.metadata.name).toMatch(/^hello-world\.master\.x[-_a-z0-9]{8}$/);
    expect(wf.metadata.namespace).toBe('argo');
    expect(wf.spec.arguments!.parameters).toEqual(helloWorldMasterParameters(stack.github.url, sha));
    expect(wf.metadata.labels).toMatchObject(helloWorldMasterLabels);
    expect(wf.metadata.annotations).toMatchObject({
      'kube-ci.qutics.com/sha': sha,
      'kube-ci.qutics.com/github-install-id': String(installationId),
    });
    expect(wf.spec.tolerations).toEqual(stack.settings.tolerations);

    expect(checkRunsFor(stack, sha)).toEqual([]);
    expect(writesToGitHub()).toEqual([]);
    expect(argoWorkflowsFor(stack, sha)).toEqual([]);
    expect(stack.kube.store.list('persistentvolumeclaims', 'argo')).toEqual([]);
  }, 60_000);

  it('gives every dry run a fresh name', async () => {
    const sha = commit({ '.kube-ci/ci.yaml': buildAndTest });
    const [a, b] = await Promise.all([post({ hash: sha }), post({ hash: sha })]);
    expect(a.json()['workflow'].metadata.name).not.toBe(b.json()['workflow'].metadata.name);
  }, 60_000);

  it('renders the files of ci_context instead of the ones at the commit', async () => {
    const sha = commit({ '.kube-ci/ci.yaml': buildAndTest });
    const res = await post({ hash: sha, ci_context: { '/ci.star': printingCiStar } });
    expect(res.status, res.text).toBe(200);
    const body = res.json();
    expect(body['workflow'].spec.templates).toEqual([
      { name: 'build', container: { image: 'alpine', command: ['true'] } },
    ]);
    expect(body['debug']).toBe(`rendering Codertocat/Hello-World at ${sha.slice(0, 7)}`);
  }, 60_000);

  it('answers a broken ci.star with 422, the error on the right file and line, and the print output', async () => {
    const sha = commit({ '.kube-ci/ci.star': brokenCiStar, '.kube-ci/lib/broken.star': brokenHelper });
    const res = await post({ hash: sha });
    expect(res.status, res.text).toBe(422);
    expect(res.json()).toMatchObject({ file: '.kube-ci/lib/broken.star', line: 4, debug: 'about to fail' });
    expect(res.json()['error']).toContain('division by zero');
    expect(checkRunsFor(stack, sha)).toEqual([]);
  }, 60_000);

  it('answers a dry run the workflow policy refuses with 422 naming the field, its line and the setting', async () => {
    const sha = commit({ '.kube-ci/ci.yaml': buildAndTest });
    const hostile = buildAndTest.replace(
      '    - name: test\n',
      '    - name: test\n      serviceAccountName: argo-server\n',
    );
    const res = await post({ hash: sha, ci_context: { 'ci.yaml': hostile } });
    expect(res.status, res.text).toBe(422);
    expect(res.json()).toMatchObject({ file: '.kube-ci/ci.yaml', line: 27 });
    expect(res.json()['error']).toBe(
      'spec.templates[2].serviceAccountName ("argo-server") is refused by the workflow policy (add it to KUBECI_POLICY_SERVICE_ACCOUNTS to allow it)',
    );
  }, 60_000);

  it('holds a dry run to the github:// allow-list: another owner refused unread, the same owner read with a scoped token', async () => {
    stack.github.addRepository({ owner: 'evil', name: 'secrets', ownerType: 'User' });
    stack.github.addCommit('evil', 'secrets', { files: { 'keys.star': 'keys = "stolen"\n' } });
    stack.github.addRepository({ owner, name: 'shared-lib', ownerType: 'User' });
    stack.github.addCommit(owner, 'shared-lib', { files: { 'lib.star': 'image = "golang:1.22"\n' } });
    const sha = commit({ '.kube-ci/ci.yaml': buildAndTest });
    stack.github.reset();
    const refused = await post({
      hash: sha,
      ci_context: { 'ci.star': 'load("github://secrets.evil/keys.star", "keys")\nworkflow = keys\n' },
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.json()).toMatchObject({ file: '.kube-ci/ci.star', line: 1 });
    expect(refused.json()['error']).toContain(
      'repository evil/secrets is outside the repositories this pipeline may read (allowed: Codertocat/Hello-World (this repository), Codertocat/*; setting KUBECI_STARLARK_GITHUB_REPOS / starlark.githubRepos)',
    );
    // no read of the refused repository, and no token minted for it
    const touched = (r: { path: string; body: unknown }) =>
      r.path.includes('/evil/') || JSON.stringify(r.body ?? {}).includes('secrets');
    expect(stack.github.requests.filter(touched)).toEqual([]);

    const allowed = await post({
      hash: sha,
      ci_context: {
        'ci.star': `load("github://shared-lib/lib.star", "image")\n${printingCiStar.replace('"alpine"', 'image')}`,
      },
    });
    expect(allowed.status, allowed.text).toBe(200);
    expect(allowed.json()['workflow'].spec.templates[0].container.image).toBe('golang:1.22');
    const read = stack.github.requests.find((r) => r.path === `/repos/${owner}/shared-lib/contents/lib.star`)!;
    expect(stack.github.tokenOf(read)).toMatchObject({
      repositories: ['shared-lib'],
      permissions: { contents: 'read', metadata: 'read' },
    });
    expect(writesToGitHub()).toEqual([]);
  }, 60_000);

  it('answers 422 for an unknown entrypoint, a commit without .kube-ci/ and an unknown repository', async () => {
    const sha = commit({ '.kube-ci/ci.yaml': buildAndTest });
    const unknown = await post({ hash: sha, entrypoint: 'nope' });
    expect(unknown.status).toBe(422);
    expect(unknown.json()).toMatchObject({ file: '.kube-ci/ci.yaml', error: expect.stringContaining('nope') });
    const bare = await post({ hash: commit({ 'README.md': '# hi' }) });
    expect(bare.status).toBe(422);
    expect(bare.json()['error']).toMatch(/no \.kube-ci\//);
    const missing = await post({ repo: 'No-Such-Repo', hash: sha });
    expect(missing.status).toBe(422);
    // GitHub's 404 reads as "nothing at this commit", as it does for a run
    expect(missing.json()['error']).toMatch(/no \.kube-ci\//);
  }, 60_000);

  // A rendering no run could submit (Kubernetes' object limit) is refused as a run would refuse it, before it
  // could reach the dry run's own bound for workflow history (the same 1.5 MB).
  it('refuses a rendering too large for Kubernetes with 422 naming its size, as a run would', async () => {
    const sha = commit({ '.kube-ci/ci.yaml': buildAndTest });
    const res = await post({ hash: sha, ci_context: { 'ci.star': hugeCiStar } });
    expect(res.status, res.text.slice(0, 300)).toBe(422);
    expect(res.json()).toMatchObject({ file: '.kube-ci/ci.star' });
    expect(res.json()['error']).toMatch(
      /^the rendered Argo Workflow is \d+ bytes; Kubernetes stores objects of at most 1\.5 MiB/,
    );
  }, 60_000);

  it('answers timed-out when no worker takes the dry run, and throws when Temporal cannot be reached', async () => {
    const { connection } = stack.temporal;
    const nobody = createTemporalGateway({
      connection,
      namespace: 'default',
      taskQueue: 'no-worker-polls-this',
      dryRunTimeoutMs: 1_000,
    });
    const trigger: CiTrigger = {
      source: 'api',
      installationId,
      repo: { owner, name: repo },
      sha: 'f'.repeat(40),
      ref: 'master',
      refType: 'branch',
      entrypoint: '',
      pullRequests: [],
      deliveryId: 'api-x',
      sender: '',
    };
    expect(await nobody.dryRun({ trigger })).toEqual({ kind: 'timed-out' });
    const unreachable = createTemporalGateway({
      connection: Connection.lazy({ address: '127.0.0.1:1' }),
      namespace: 'default',
      taskQueue,
      deadlineMs: 500,
    });
    await expect(unreachable.dryRun({ trigger })).rejects.toThrow();
  }, 60_000);

  it('starts a real run for run: true, which succeeds', async () => {
    const sha = commit({ '.kube-ci/ci.yaml': buildAndTest });
    const res = await post({ hash: sha, run: true });
    expect(res.status, res.text).toBe(202);
    const { workflowId } = res.json() as { workflowId: string };
    const handle = stack.client.workflow.getHandle(workflowId);
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    const [checkRun, ...others] = checkRunsFor(stack, sha);
    expect(others).toEqual([]);
    expect(checkRun!.fields).toMatchObject({ name: 'Workflow - build', conclusion: 'success' });
    expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
    expect((await handle.describe()).typedSearchAttributes.get(TriggerAttribute)).toBe('api');
  }, 120_000);
});
