import { App } from '@octokit/app';
import { Octokit } from '@octokit/rest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../dev/temporal-binary';
import { examplePayload } from '../support/webhook-delivery';

/** test/fakes/github/main.ts as other processes use it: through its JSON line, key file and /_fake/ endpoints. */
describe('the standalone fake GitHub process', () => {
  const keyFile = join(mkdtempSync(join(tmpdir(), 'fake-github-main-')), 'app-key.pem');
  let child: ChildProcess;
  let hello: { url: string; appId: number; privateKeyFile: string };
  const control = async (path: string, body?: unknown) => {
    const init = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) };
    const res = await fetch(`${hello.url}/_fake/${path}`, init);
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'test/fakes/github/main.ts', '0', keyFile], {
      cwd: projectRoot,
      env: { ...process.env, FAKE_GITHUB_APP_ID: '777' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const firstLine = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout! }).once('line', resolve),
    );
    hello = JSON.parse(firstLine) as typeof hello;
  }, 30_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('announces itself in one JSON line and writes its App key owner-only', () => {
    expect(hello).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      appId: 777,
      privateKeyFile: keyFile,
    });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('serves the seeded repository to a real App client holding that key, and reports its check runs', async () => {
    const payload = examplePayload('check_suite', 'requested');
    const seeded = await control('seed', { payload, files: { 'README.md': '# hi' } });
    expect(seeded).toEqual({
      status: 200,
      body: {
        installationId: payload['installation'].id,
        owner: 'Codertocat',
        repo: 'Hello-World',
        sha: payload['check_suite'].head_sha,
      },
    });

    const app = new App({
      appId: 777,
      privateKey: readFileSync(keyFile, 'utf8'),
      Octokit: Octokit.defaults({ baseUrl: hello.url }),
    });
    const octokit = await app.getInstallationOctokit(seeded.body.installationId);
    const at = { owner: 'Codertocat', repo: 'Hello-World' };
    const created = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
      ...at,
      name: 'ci',
      head_sha: seeded.body.sha,
    });
    await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...at,
      check_run_id: created.data.id,
      status: 'in_progress',
    });
    await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...at,
      check_run_id: created.data.id,
      conclusion: 'success',
      output: { title: 'CI', summary: 'all green' },
    });

    expect((await control('check-runs/Codertocat/Hello-World')).body).toEqual([
      {
        id: created.data.id,
        headSha: seeded.body.sha,
        name: 'ci',
        externalId: null,
        status: 'completed',
        conclusion: 'success',
        detailsUrl: null,
        summary: 'all green',
        statuses: ['queued', 'in_progress', 'completed'],
      },
    ]);
  });

  it("reports the comments and reactions kube-ci left on a repository's issues (the playground's send-comment)", async () => {
    const payload = examplePayload('issue_comment', 'created');
    payload['installation'] = examplePayload('check_suite', 'requested')['installation'];
    const seeded = await control('seed', { payload });
    const app = new App({
      appId: 777,
      privateKey: readFileSync(keyFile, 'utf8'),
      Octokit: Octokit.defaults({ baseUrl: hello.url }),
    });
    const octokit = await app.getInstallationOctokit(seeded.body.installationId);
    const at = { owner: 'Codertocat', repo: 'Hello-World' };
    const issueNumber = payload['issue'].number as number;
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...at,
      issue_number: issueNumber,
      body: 'help text',
    });
    await octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
      ...at,
      comment_id: payload['comment'].id,
      content: 'eyes',
    });

    const { body } = await control('conversation/Codertocat/Hello-World');
    expect(body.comments).toEqual([expect.objectContaining({ issueNumber, body: 'help text' })]);
    expect(body.reactions).toEqual([
      expect.objectContaining({ target: 'comment', id: payload['comment'].id, content: 'eyes' }),
    ]);
    expect((await control('conversation/nobody/nothing')).status).toBe(404);
  });

  it('keeps /_fake/ outside the OpenAPI checks, while GitHub paths stay checked', async () => {
    expect((await control('check-runs/nobody/nothing')).status).toBe(404);
    expect((await control('seed', { payload: { action: 'requested' } })).status).toBe(422);
    expect((await control('no-such-endpoint')).status).toBe(404);
    expect((await control('schema-violations')).body).toEqual([]);

    expect((await fetch(`${hello.url}/no-such-github-path`)).status).toBe(404);
    expect((await control('schema-violations')).body).toMatchObject([
      { path: '/no-such-github-path', side: 'request' },
    ]);
  });

  it('exits cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
