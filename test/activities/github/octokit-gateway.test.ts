import { ApplicationFailure } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubGateway } from '../../../activities/github/octokit-gateway';
import type { GitHubGateway, InstallationRepo } from '../../../activities/github/gateway';
import { Failure } from '../../../domain/failures';
import { startFakeGitHub, type FakeGitHub } from '../../fakes/github';
import { waitAskedForMs } from '../../../activities/github/classify-github-error';

const at: InstallationRepo = { installationId: 7, repo: { owner: 'acme', name: 'widgets' }, deliveryId: 'delivery-1' };
let fake: FakeGitHub;
let gateway: GitHubGateway;
let sha: string;

beforeAll(async () => {
  fake = await startFakeGitHub({ appId: 99 });
});
afterAll(() => fake.close());

beforeEach(() => {
  fake.addInstallation({ id: 7, account: { login: 'acme', type: 'Organization' } });
  fake.addRepository({ owner: 'acme', name: 'widgets', defaultBranch: 'trunk', ownerType: 'Organization' });
  sha = fake.addCommit('acme', 'widgets', {
    files: {
      '.kube-ci/ci.star': 'def main(ctx): pass\n',
      '.kube-ci/lib/util.star': 'X = 1\n',
      '.kube-ci/lib/deep/more.star': 'Y = "ü"\n',
      'README.md': '# widgets\n',
    },
  });
  fake.reset();
  gateway = createGitHubGateway({ appId: fake.appId, privateKey: fake.privateKey, baseUrl: fake.url });
});
afterEach(() => {
  expect(fake.schemaViolations).toEqual([]);
});

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a failure'),
    (error: unknown) => error,
  );
}

describe('createGitHubGateway', () => {
  it('reads the repository as domain RepoInfo', async () => {
    const info = await gateway.getRepository(at);
    expect(info).toEqual({
      owner: 'acme',
      name: 'widgets',
      defaultBranch: 'trunk',
      sshUrl: expect.stringContaining('acme/widgets.git'),
      gitUrl: expect.stringMatching(/^git:\/\/.*acme\/widgets\.git$/),
      cloneUrl: `${fake.url}/git/acme/widgets.git`,
      htmlUrl: `${fake.url}/html/acme/widgets`,
    });
    const request = fake.requests.find((r) => r.operationId === 'repos/get')!;
    expect(request.headers.authorization).toMatch(/^token ghs_/);
    expect(request.headers['x-github-delivery']).toBe('delivery-1');
  });

  it('lists a folder at a commit and brings the prefetched files in one GraphQL request', async () => {
    fake.addCommit('acme', 'widgets', { files: { '.kube-ci/ci.star': 'changed later' } });
    const folder = await gateway.getContextFolder(at, '.kube-ci', sha, { prefetch: ['ci.yaml', 'ci.star'] });
    expect(Object.fromEntries(folder!.files)).toEqual({ 'ci.star': 20, 'lib/util.star': 6, 'lib/deep/more.star': 9 });
    expect(folder!.truncated).toBe(false);
    expect(await folder!.read('ci.star')).toBe('def main(ctx): pass\n');
    expect(await folder!.read('ci.yaml')).toBeNull();
    const reads = () => fake.requests.filter((r) => r.operationId !== 'apps/create-installation-access-token');
    expect(reads().map((r) => [r.method, r.path])).toEqual([['POST', '/graphql']]);
    expect((reads()[0]!.body as { variables: unknown }).variables).toMatchObject({ folder: `${sha}:.kube-ci` });
    expect(fake.tokenOf(reads()[0]!)?.repositories).toEqual(['widgets']);
  });

  it('reads the other files together, in one more request, the first time one of them is read', async () => {
    const folder = await gateway.getContextFolder(at, '.kube-ci', sha, { prefetch: ['ci.star'] });
    expect(await folder!.read('lib/deep/more.star')).toBe('Y = "ü"\n');
    expect(await folder!.read('lib/util.star')).toBe('X = 1\n');
    expect(await folder!.read('lib/deep/more.star')).toBe('Y = "ü"\n');
    expect(await folder!.read('nope.star')).toBeNull();
    const reads = fake.requests.filter((r) => r.operationId !== 'apps/create-installation-access-token');
    expect(reads.map((r) => r.operationId)).toEqual(['graphql', 'graphql']);
  });

  it('lists a folder deeper than the bound over REST, so the bound sees its deepest file', async () => {
    const deepSha = fake.addCommit('acme', 'widgets', { files: { '.kube-ci/a/b/c/d.star': 'D = 1\n' } });
    fake.reset();
    const folder = await gateway.getContextFolder(at, '.kube-ci', deepSha, { maxDepth: 1 });
    expect(folder!.files.get('a/b/c/d.star')).toBe(6);
    expect(await folder!.read('a/b/c/d.star')).toBe('D = 1\n');
    const reads = fake.requests.filter((r) => r.operationId !== 'apps/create-installation-access-token');
    expect(reads.map((r) => r.operationId)).toEqual(['graphql', 'git/get-tree', 'git/get-tree', 'git/get-blob']);
  });

  it("answers a query outside GitHub's GraphQL schema with errors, and records the violation", async () => {
    await gateway.getContextFolder(at, '.kube-ci', sha);
    const { token } = fake.tokenOf(fake.requests.find((r) => r.operationId === 'graphql')!)!;
    const answer = await fetch(`${fake.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ repository(owner: "acme", name: "widgets") { files } }' }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      errors: [{ message: expect.stringMatching(/Cannot query field "files"/) }],
    });
    expect(fake.schemaViolations).toHaveLength(1);
    fake.reset();
  });

  it('returns null for a folder that does not exist at the commit, or is a file', async () => {
    expect(await gateway.getContextFolder(at, '.missing', sha)).toBeNull();
    expect(await gateway.getContextFolder(at, 'README.md', sha)).toBeNull();
    expect(await gateway.getContextFolder(at, '.kube-ci', 'f'.repeat(40))).toBeNull();
  });

  it('walks a nested folder path and reads files over 1 MB through the blob API', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    const bigSha = fake.addCommit('acme', 'widgets', { files: { 'ci/conf/big.txt': big } });
    const folder = await gateway.getContextFolder(at, 'ci/conf', bigSha);
    expect(folder?.files.get('big.txt')).toBe(big.length);
    expect(await folder?.read('big.txt')).toBe(big);
  });

  it('reads with a token minted for exactly the repository read, contents: read only', async () => {
    fake.addRepository({ owner: 'acme', name: 'shared', ownerType: 'Organization' });
    fake.addCommit('acme', 'shared', { files: { 'lib.star': 'X = 2\n' } });
    await gateway.getContextFolder(at, '.kube-ci', sha);
    expect(await gateway.getFile({ ...at, repo: { owner: 'acme', name: 'shared' } }, 'lib.star', '')).toBe('X = 2\n');
    const mints = fake.requests.filter((r) => r.operationId === 'apps/create-installation-access-token');
    expect(mints.map((r) => r.body)).toEqual([
      { repositories: ['widgets'], permissions: { contents: 'read' } },
      { repositories: ['shared'], permissions: { contents: 'read' } },
    ]);
    const shared = fake.requests.find((r) => r.path === '/repos/acme/shared/contents/lib.star')!;
    expect(fake.tokenOf(shared)).toMatchObject({
      repositories: ['shared'],
      permissions: { contents: 'read', metadata: 'read' },
    });
    for (const read of fake.requests.filter((r) => r.operationId === 'graphql'))
      expect(fake.tokenOf(read)?.repositories).toEqual(['widgets']);

    // GitHub's answers to that token elsewhere: another repository is Not Found, a check-run write is forbidden
    const token = fake.tokenOf(shared)!.token;
    const get = await fetch(`${fake.url}/repos/acme/widgets/contents/README.md`, {
      headers: { authorization: `token ${token}` },
    });
    expect(get.status).toBe(404);
    expect(await get.json()).toMatchObject({ message: 'Not Found' });
    const write = await fetch(`${fake.url}/repos/acme/shared/check-runs`, {
      method: 'POST',
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', head_sha: sha }),
    });
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ message: 'Resource not accessible by integration' });
  });

  it('treats a repository the installation cannot see as not found, without reading it', async () => {
    fake.addInstallation({ id: 8, account: 'other' });
    fake.addRepository({ owner: 'other', name: 'secret' });
    fake.addCommit('other', 'secret', { files: { 'lib.star': 'S = 1\n' } });
    expect(await gateway.getFile({ ...at, repo: { owner: 'acme', name: 'nope' } }, 'lib.star', '')).toBeNull();
    expect(await gateway.getFile({ ...at, repo: { owner: 'other', name: 'secret' } }, 'lib.star', '')).toBeNull();
    expect(
      await gateway.getContextFolder({ ...at, repo: { owner: 'acme', name: 'nope' } }, '.kube-ci', sha),
    ).toBeNull();
    expect(fake.requests.filter((r) => r.operationId !== 'apps/create-installation-access-token')).toEqual([]);
    expect(fake.requests.map((r) => r.status)).toEqual([422, 422, 422]);
  });

  it('reports an App without Contents: read as a permission failure, not as a missing folder', async () => {
    fake.addInstallation({ id: 7, account: 'acme', permissions: { checks: 'write', metadata: 'read' } });
    const denied = await failureOf(gateway.getContextFolder(at, '.kube-ci', sha));
    expect(denied).toMatchObject({ type: Failure.GitHubPermissionDenied, nonRetryable: true });
    expect((denied as Error).message).toMatch(/Contents: read.*not granted to this installation/);
  });

  it('writes check runs with the installation token, not a read token', async () => {
    await gateway.getRepository(at);
    await gateway.createCheckRun(at, { name: 'kube-ci', headSha: sha });
    const create = fake.requests.find((r) => r.operationId === 'checks/create')!;
    expect(fake.tokenOf(create)).toMatchObject({ permissions: { checks: 'write' } });
    expect(fake.tokenOf(create)?.repositories).toBeUndefined();
  });

  it('reads one file from a branch, a tag, a sha or the default branch', async () => {
    fake.addCommit('acme', 'widgets', { branch: 'feature', files: { 'a.txt': 'on feature' } });
    fake.addTag('acme', 'widgets', { name: 'v1', sha, message: 'release v1' });
    expect(await gateway.getFile(at, 'a.txt', 'feature')).toBe('on feature');
    expect(await gateway.getFile(at, 'README.md', 'v1')).toBe('# widgets\n');
    expect(await gateway.getFile(at, 'README.md', sha)).toBe('# widgets\n');
    expect(await gateway.getFile(at, 'README.md', '')).toBe('# widgets\n');
    expect(fake.requests.at(-1)?.query).toEqual({});
    expect(await gateway.getFile(at, 'nope.txt', '')).toBeNull();
    expect(await gateway.getFile(at, '.kube-ci', '')).toBeNull();
  });

  it('creates and updates a check run with the exact REST bodies', async () => {
    const created = await gateway.createCheckRun(at, {
      name: 'kube-ci',
      headSha: sha,
      externalId: 'wf-1',
      detailsUrl: 'https://argo.example/wf-1',
      status: 'in_progress',
      output: { title: 'Running', summary: 'started' },
    });
    expect(created).toMatchObject({
      name: 'kube-ci',
      headSha: sha,
      externalId: 'wf-1',
      status: 'in_progress',
      conclusion: null,
    });
    await gateway.updateCheckRun(at, created.id, {
      name: 'kube-ci',
      conclusion: 'success',
      output: { title: 'Done', summary: 'ok' },
    });
    const [run] = fake.checkRuns('acme', 'widgets');
    expect(run?.history).toEqual([
      {
        method: 'POST',
        body: {
          name: 'kube-ci',
          head_sha: sha,
          external_id: 'wf-1',
          details_url: 'https://argo.example/wf-1',
          status: 'in_progress',
          output: { title: 'Running', summary: 'started' },
        },
      },
      { method: 'PATCH', body: { name: 'kube-ci', conclusion: 'success', output: { title: 'Done', summary: 'ok' } } },
    ]);
    expect(run?.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it('sends more than 50 annotations in batches GitHub accepts', async () => {
    const annotations = Array.from({ length: 120 }, (_, i) => ({
      path: 'a.star',
      start_line: i + 1,
      end_line: i + 1,
      annotation_level: 'warning' as const,
      message: `w${i}`,
    }));
    const created = await gateway.createCheckRun(at, {
      name: 'lint',
      headSha: sha,
      conclusion: 'neutral',
      output: { title: 't', summary: 's', annotations },
    });
    const run = fake.checkRuns('acme', 'widgets').find((r) => r.id === created.id)!;
    expect(run.history.map((h) => (h.body.output as { annotations: unknown[] }).annotations.length)).toEqual([
      50, 50, 20,
    ]);
    expect(run.annotations.map((a) => a.message)).toEqual(annotations.map((a) => a.message));
  });

  it('lists this App check runs on a commit by name', async () => {
    const first = await gateway.createCheckRun(at, { name: 'kube-ci', headSha: sha });
    await gateway.createCheckRun(at, { name: 'other', headSha: sha });
    const runs = await gateway.listCheckRunsForRef(at, sha, 'kube-ci');
    expect(runs).toEqual([
      {
        id: first.id,
        name: 'kube-ci',
        headSha: sha,
        externalId: '',
        detailsUrl: null,
        status: 'queued',
        conclusion: null,
      },
    ]);
    const list = fake.requests.find((r) => r.operationId === 'checks/list-for-ref')!;
    expect(list.query).toMatchObject({ check_name: 'kube-ci', app_id: '99', filter: 'all' });
  });

  it('mints one installation token for many calls', async () => {
    for (let i = 0; i < 5; i++) await gateway.getRepository(at);
    await Promise.all([gateway.getFile(at, 'README.md', ''), gateway.getFile(at, 'README.md', sha)]);
    expect(fake.tokenMints).toBe(1);
    const mint = fake.requests.find((r) => r.operationId === 'apps/create-installation-access-token')!;
    expect(mint.path).toBe('/app/installations/7/access_tokens');
    expect(mint.headers.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/i);
  });

  it('rethrows server errors and rate limits for Temporal to retry', async () => {
    fake.injectFault({ method: 'GET', path: /^\/repos\/acme\/widgets$/, status: 500, times: 1 });
    const error = await failureOf(gateway.getRepository(at));
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ status: 500 });
    fake.injectFault({
      path: /^\/repos\/acme\/widgets$/,
      status: 403,
      times: 1,
      headers: { 'x-ratelimit-remaining': '0' },
      message: 'API rate limit exceeded',
    });
    expect(await failureOf(gateway.getRepository(at))).toMatchObject({ status: 403 });
    fake.injectFault({ path: /^\/repos\/acme\/widgets$/, status: 429, times: 1, headers: { 'retry-after': '7' } });
    // retryable, but after the wait GitHub asked for rather than the retry policy's backoff
    expect(await failureOf(gateway.getRepository(at))).toMatchObject({
      type: Failure.GitHubRateLimited,
      nonRetryable: false,
      nextRetryDelay: 7000,
    });
    expect((await gateway.getRepository(at)).name).toBe('widgets');
  });

  it('waits as long as GitHub asks on a rate limit, within bounds', () => {
    const now = 1_700_000_000_000;
    expect(waitAskedForMs({ 'retry-after': '30' }, now)).toBe(30_000);
    expect(waitAskedForMs({ 'x-ratelimit-reset': String(now / 1000 + 90) }, now)).toBe(90_000);
    expect(waitAskedForMs({ 'retry-after': '0' }, now)).toBe(1000);
    expect(waitAskedForMs({ 'retry-after': '86400' }, now)).toBe(3_600_000);
    expect(waitAskedForMs({}, now)).toBeUndefined();
  });

  it('rethrows network errors for Temporal to retry', async () => {
    const unreachable = createGitHubGateway({
      appId: fake.appId,
      privateKey: fake.privateKey,
      baseUrl: 'http://127.0.0.1:1',
    });
    const error = await failureOf(unreachable.getRepository(at));
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    expect(error).toBeInstanceOf(Error);
  });

  it('turns 404, 403 and 422 into non-retryable failures of the right type', async () => {
    const missing = await failureOf(gateway.getRepository({ ...at, repo: { owner: 'acme', name: 'gone' } }));
    expect(missing).toBeInstanceOf(ApplicationFailure);
    expect(missing).toMatchObject({ type: Failure.GitHubNotFound, nonRetryable: true });
    expect((missing as ApplicationFailure).details?.[0]).toMatchObject({ status: 404 });

    fake.injectFault({ path: /check-runs/, status: 403, times: 1, message: 'Resource not accessible by integration' });
    const denied = await failureOf(gateway.createCheckRun(at, { name: 'x', headSha: sha }));
    expect(denied).toMatchObject({ type: Failure.GitHubPermissionDenied, nonRetryable: true });

    const invalid = await failureOf(gateway.createCheckRun(at, { name: 'x', headSha: 'f'.repeat(40) }));
    expect(invalid).toMatchObject({ type: Failure.GitHubValidationFailed, nonRetryable: true });
  });
});
