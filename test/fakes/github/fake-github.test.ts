import { createSign } from 'node:crypto';
import webhookExamples from '@octokit/webhooks-examples';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedFromWebhookPayload, startFakeGitHub, type FakeGitHub } from './index';

let fake: FakeGitHub;

function appJwt(privateKey: string, appId: number, claims: Record<string, number> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iat: now - 30, exp: now + 540, iss: appId, ...claims })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey, 'base64url')}`;
}

async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const response = await fetch(fake.url + path, {
    method,
    headers: {
      ...(options.token ? { authorization: `token ${options.token}` } : {}),
      'content-type': 'application/json',
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

async function installationToken(id = 7): Promise<string> {
  const response = await fetch(`${fake.url}/app/installations/${id}/access_tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${appJwt(fake.privateKey, fake.appId)}` },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

beforeAll(async () => {
  fake = await startFakeGitHub({ appId: 12 });
  fake.addInstallation({ id: 7, account: { login: 'acme', type: 'Organization' } });
  fake.addInstallation({ id: 8, account: 'someone-else' });
  fake.addRepository({ owner: 'acme', name: 'widgets', ownerType: 'Organization' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('fake GitHub authentication', () => {
  it('mints installation tokens only for a JWT signed by the App key with sane claims', async () => {
    const mint = (jwt: string) =>
      fetch(`${fake.url}/app/installations/7/access_tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${jwt}` },
      });
    const ok = await mint(appJwt(fake.privateKey, fake.appId));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ token: expect.stringMatching(/^ghs_/), expires_at: expect.any(String) });
    const other = await startFakeGitHub();
    try {
      expect((await mint(appJwt(other.privateKey, fake.appId))).status).toBe(401);
    } finally {
      await other.close();
    }
    expect((await mint(appJwt(fake.privateKey, 999))).status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    expect((await mint(appJwt(fake.privateKey, fake.appId, { iat: now - 60, exp: now + 3600 }))).status).toBe(401);
    expect(fake.tokenMints).toBe(1);
    expect(fake.schemaViolations).toEqual([]);
  });

  it('requires a token of the installation that owns the repository', async () => {
    expect((await call('GET', '/repos/acme/widgets')).status).toBe(401);
    expect((await call('GET', '/repos/acme/widgets', { token: 'ghs_made_up' })).status).toBe(401);
    expect((await call('GET', '/repos/acme/widgets', { token: await installationToken(8) })).status).toBe(401);
    expect((await call('GET', '/repos/acme/widgets', { token: await installationToken(7) })).status).toBe(200);
    fake.expireTokens();
    expect((await call('GET', '/repos/acme/widgets', { token: (await installationToken(7)) + 'x' })).status).toBe(401);
  });
});

describe('fake GitHub OpenAPI validation', () => {
  it('answers 422 to a check run with status bogus and records the violation', async () => {
    const token = await installationToken();
    const sha = fake.addCommit('acme', 'widgets', { files: { a: 'a' } });
    const response = await call('POST', '/repos/acme/widgets/check-runs', {
      token,
      body: { name: 'ci', head_sha: sha, status: 'bogus' },
    });
    expect(response.status).toBe(422);
    expect(response.body?.errors?.[0]).toMatchObject({ field: '/status' });
    expect(fake.schemaViolations).toEqual([
      expect.objectContaining({ side: 'request', operationId: 'checks/create', where: 'body' }),
    ]);
    expect(fake.checkRuns('acme', 'widgets').filter((r) => r.headSha === sha)).toEqual([]);
  });

  it('refuses over-limit check-run texts with 422 as GitHub does, and stores nothing of them', async () => {
    const token = await installationToken();
    const sha = fake.addCommit('acme', 'widgets', { files: { a: 'a' } });
    const post = (body: Record<string, unknown>) =>
      call('POST', '/repos/acme/widgets/check-runs', { token, body: { head_sha: sha, ...body } });
    const at = { path: 'a', start_line: 1, end_line: 1, annotation_level: 'notice' };
    const annotation = (message: string, title?: string) => ({ ...at, message, ...(title ? { title } : {}) });
    // 30,000 characters are within the schema's maxLength, but 90,000 bytes are over GitHub's byte size
    const refused = [
      [{ name: 'n'.repeat(256) }, 'name'],
      [{ name: 'ci', output: { title: 't'.repeat(256), summary: 's' } }, 'title'],
      [{ name: 'ci', output: { title: 't', summary: '€'.repeat(30_000) } }, 'summary'],
      [{ name: 'ci', output: { title: 't', summary: 's', annotations: [annotation('m'.repeat(65_536))] } }, 'message'],
      [{ name: 'ci', output: { title: 't', summary: 's', annotations: [annotation('m', 'T'.repeat(256))] } }, 'title'],
    ] as const;
    for (const [body, field] of refused) {
      const response = await post(body);
      expect(response.status, field).toBe(422);
      expect(response.body).toMatchObject({
        message: 'Validation Failed',
        errors: [expect.objectContaining({ field })],
      });
    }
    const limits = {
      name: 'n'.repeat(255),
      output: { title: 't'.repeat(255), summary: 's'.repeat(65_535), annotations: [annotation('m'.repeat(65_535))] },
    };
    expect((await post(limits)).status).toBe(201);
    expect(fake.checkRuns('acme', 'widgets').filter((r) => r.headSha === sha)).toHaveLength(1);
  });

  it('records calls to operations GitHub does not have', async () => {
    const response = await call('GET', '/repos/acme/widgets/no-such-thing', { token: await installationToken() });
    expect(response.status).toBe(404);
    expect(fake.schemaViolations[0]).toMatchObject({ message: 'no such operation in the OpenAPI description' });
  });
});

describe('fake GitHub endpoints', () => {
  it('serves every implemented endpoint within the OpenAPI description', async () => {
    const token = await installationToken();
    const sha = fake.addCommit('acme', 'widgets', { branch: 'feature', files: { 'src/a.txt': 'A' } });
    const tagObject = fake.addTag('acme', 'widgets', { name: 'v1', sha, message: 'v1 release' });
    fake.addTag('acme', 'widgets', { name: 'light', sha });
    fake.addPullRequest('acme', 'widgets', { number: 5, head: { ref: 'feature', sha, repoFullName: 'fork/widgets' } });
    fake.addOrgMember('acme', 'alice');
    fake.setCollaboratorPermission('acme', 'widgets', 'alice', 'maintain');

    expect((await call('GET', '/repos/acme/widgets/branches/feature', { token })).body).toMatchObject({
      name: 'feature',
      commit: { sha },
    });
    expect((await call('GET', '/repos/acme/widgets/git/ref/tags/v1', { token })).body?.object).toMatchObject({
      type: 'tag',
      sha: tagObject,
    });
    expect((await call('GET', '/repos/acme/widgets/git/ref/tags/light', { token })).body?.object).toMatchObject({
      type: 'commit',
      sha,
    });
    expect((await call('GET', `/repos/acme/widgets/git/tags/${tagObject}`, { token })).body).toMatchObject({
      tag: 'v1',
      message: 'v1 release',
      object: { sha },
    });
    expect((await call('GET', '/repos/acme/widgets/contents/src?ref=v1', { token })).body).toMatchObject([
      { name: 'a.txt', type: 'file' },
    ]);
    expect((await call('GET', '/repos/acme/widgets/pulls/5', { token })).body).toMatchObject({
      number: 5,
      head: { sha, repo: { full_name: 'fork/widgets' } },
    });
    expect((await call('POST', '/repos/acme/widgets/issues/5/comments', { token, body: { body: 'hi' } })).status).toBe(
      201,
    );
    expect(fake.issueComments('acme', 'widgets')).toMatchObject([{ issueNumber: 5, body: 'hi' }]);
    const deployment = await call('POST', '/repos/acme/widgets/deployments', {
      token,
      body: { ref: 'feature', environment: 'staging', auto_merge: false },
    });
    expect(deployment.body).toMatchObject({ sha, environment: 'staging' });
    const status = await call('POST', `/repos/acme/widgets/deployments/${deployment.body?.id}/statuses`, {
      token,
      body: { state: 'success', log_url: 'https://x' },
    });
    expect(status.status).toBe(201);
    expect(fake.deployments('acme', 'widgets')[0]?.statuses).toMatchObject([{ state: 'success' }]);
    expect((await call('GET', '/orgs/acme/members/alice', { token })).status).toBe(204);
    expect((await call('GET', '/orgs/acme/members/bob', { token })).status).toBe(404);
    expect((await call('GET', '/repos/acme/widgets/collaborators/alice/permission', { token })).body).toMatchObject({
      permission: 'write',
      role_name: 'maintain',
    });

    const created = await call('PUT', '/repos/acme/widgets/contents/docs/new.md', {
      token,
      body: { message: 'add', content: Buffer.from('new').toString('base64'), branch: 'feature' },
    });
    expect(created.status).toBe(201);
    const updated = await call('PUT', '/repos/acme/widgets/contents/docs/new.md', {
      token,
      body: {
        message: 'edit',
        content: Buffer.from('newer').toString('base64'),
        branch: 'feature',
        sha: created.body?.content?.sha,
      },
    });
    expect(updated.status).toBe(200);
    const file = await call('GET', '/repos/acme/widgets/contents/docs/new.md?ref=feature', { token });
    expect(Buffer.from(file.body?.content, 'base64').toString()).toBe('newer');
    expect(fake.schemaViolations).toEqual([]);
  });

  it('keeps every check-run update and accumulates annotations', async () => {
    const token = await installationToken();
    const sha = fake.addCommit('acme', 'widgets', { files: { a: 'a' } });
    const annotation = (line: number) => ({
      path: 'a',
      start_line: line,
      end_line: line,
      annotation_level: 'notice',
      message: `n${line}`,
    });
    const created = await call('POST', '/repos/acme/widgets/check-runs', {
      token,
      body: { name: 'ci', head_sha: sha, output: { title: 't', summary: 's', annotations: [annotation(1)] } },
    });
    const id = created.body?.id as number;
    const patched = await call('PATCH', `/repos/acme/widgets/check-runs/${id}`, {
      token,
      body: { name: 'ci', conclusion: 'success', output: { title: 't', summary: 's', annotations: [annotation(2)] } },
    });
    expect(patched.body).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      output: { annotations_count: 2 },
    });
    expect((await call('GET', `/repos/acme/widgets/check-runs/${id}`, { token })).body?.completed_at).toEqual(
      expect.any(String),
    );
    const list = await call('GET', `/repos/acme/widgets/commits/${sha}/check-runs?check_name=ci`, { token });
    expect(list.body).toMatchObject({ total_count: 1, check_runs: [{ id }] });
    expect(
      fake
        .checkRuns('acme', 'widgets')
        .find((r) => r.id === id)
        ?.history.map((h) => h.method),
    ).toEqual(['POST', 'PATCH']);
    expect(fake.schemaViolations).toEqual([]);
  });

  it('fails injected requests the given number of times and delays answers', async () => {
    const token = await installationToken();
    fake.injectFault({ method: 'GET', path: /widgets$/, status: 503, times: 2, headers: { 'retry-after': '3' } });
    const first = await fetch(`${fake.url}/repos/acme/widgets`, { headers: { authorization: `token ${token}` } });
    expect([first.status, first.headers.get('retry-after')]).toEqual([503, '3']);
    expect((await call('GET', '/repos/acme/widgets', { token })).status).toBe(503);
    expect((await call('GET', '/repos/acme/widgets', { token })).status).toBe(200);
    fake.setLatency(150);
    const started = Date.now();
    await call('GET', '/repos/acme/widgets', { token });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    fake.setLatency(0);
    expect(fake.requests.map((r) => r.status)).toEqual([201, 503, 503, 200, 200]);
  });
});

describe('seedFromWebhookPayload', () => {
  const example = (name: string, action: string) =>
    (webhookExamples as { name: string; examples: { action?: string }[] }[])
      .find((e) => e.name === name)!
      .examples.find((x) => x.action === action)!;

  it('serves the repository, installation and commit a check_suite.requested payload names', async () => {
    const payload = example('check_suite', 'requested') as { check_suite: { head_sha: string } };
    const seeded = seedFromWebhookPayload(fake, payload, { '.kube-ci/ci.star': 'ok' });
    expect(seeded).toEqual({
      installationId: 957387,
      owner: 'Codertocat',
      repo: 'Hello-World',
      sha: payload.check_suite.head_sha,
    });
    const token = await installationToken(957387);
    expect((await call('GET', '/repos/Codertocat/Hello-World', { token })).body).toMatchObject({
      id: 186853002,
      default_branch: 'master',
    });
    const file = await call('GET', `/repos/Codertocat/Hello-World/contents/.kube-ci/ci.star?ref=master`, { token });
    expect(Buffer.from(file.body?.content, 'base64').toString()).toBe('ok');
    expect(fake.schemaViolations).toEqual([]);
  });

  it('adds the pull request of a pull_request.opened payload', async () => {
    const payload = example('pull_request', 'opened') as { number: number; pull_request: { head: { sha: string } } };
    const seeded = seedFromWebhookPayload(fake, payload);
    const token = await installationToken(seeded.installationId);
    const pull = await call('GET', `/repos/${seeded.owner}/${seeded.repo}/pulls/${payload.number}`, { token });
    expect(pull.body).toMatchObject({ number: payload.number, head: { sha: payload.pull_request.head.sha } });
    expect(fake.schemaViolations).toEqual([]);
  });
});
