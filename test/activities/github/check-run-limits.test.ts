import { ApplicationFailure } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubGateway } from '../../../activities/github/octokit-gateway';
import type { CheckRunAnnotation, GitHubGateway, InstallationRepo } from '../../../activities/github/gateway';
import { Failure } from '../../../domain/failures';
import { startFakeGitHub, type FakeGitHub } from '../../fakes/github';

const at: InstallationRepo = { installationId: 7, repo: { owner: 'acme', name: 'widgets' } };
let fake: FakeGitHub;
let gateway: GitHubGateway;
let sha: string;
let warnings: string[];

beforeAll(async () => {
  fake = await startFakeGitHub({ appId: 99 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.addInstallation({ id: 7, account: { login: 'acme', type: 'Organization' } });
  fake.addRepository({ owner: 'acme', name: 'widgets', ownerType: 'Organization' });
  sha = fake.addCommit('acme', 'widgets', { files: { 'README.md': '# widgets\n' } });
  fake.reset();
  warnings = [];
  const log = { debug: () => {}, info: () => {}, warn: (m: string) => void warnings.push(m), error: () => {} };
  gateway = createGitHubGateway({ appId: fake.appId, privateKey: fake.privateKey, baseUrl: fake.url, log });
});
afterEach(() => {
  expect(fake.schemaViolations).toEqual([]);
});

const annotation = (line: number, message: string): CheckRunAnnotation => ({
  path: 'src/a.go',
  start_line: line,
  end_line: line,
  annotation_level: 'notice',
  message,
});
const checkRunRequests = () => fake.requests.filter((r) => r.path.includes('/check-runs'));

describe('GitHub gateway: texts within GitHub limits', () => {
  it('sends a 200 KB summary, a 100 KB annotation and a long name cut to fit, with the other annotations intact', async () => {
    const longName = `Workflow - ${'very-long-entrypoint-'.repeat(20)}`;
    const created = await gateway.createCheckRun(at, { name: longName, headSha: sha, status: 'queued' });
    const annotations = [
      annotation(1, 'm'.repeat(100_000)),
      ...Array.from({ length: 60 }, (_, i) => annotation(i + 2, `w${i}`)),
    ];
    await gateway.updateCheckRun(at, created.id, {
      name: longName,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Failed', summary: 's'.repeat(200_000), text: '€'.repeat(30_000), annotations },
    });

    // the fake answers 422 to anything over GitHub's limits: every request landed
    expect(checkRunRequests().map((r) => r.status)).toEqual([201, 200, 200]);
    const run = fake.checkRuns('acme', 'widgets').find((r) => r.id === created.id)!;
    expect(run.fields).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(String(run.fields.name)).toHaveLength(255);
    const output = run.fields.output as { summary: string; text: string };
    expect(output.summary.length).toBeLessThanOrEqual(65_535);
    expect(output.summary).toMatch(/… \(truncated by kube-ci: \d+ characters dropped\)$/);
    expect(Buffer.byteLength(output.text)).toBeLessThanOrEqual(65_535);
    expect(run.annotations).toHaveLength(61);
    expect(String(run.annotations[0]!.message)).toMatch(/^m+\n… \(truncated by kube-ci: \d+ characters dropped\)$/);
    expect(run.annotations.slice(1).map((a) => a.message)).toEqual(annotations.slice(1).map((a) => a.message));
    // listing by the long name finds the check run under the name GitHub stored
    expect((await gateway.listCheckRunsForRef(at, sha, longName)).map((r) => r.id)).toEqual([created.id]);
  });
});

describe('GitHub gateway: a refused check-run update', () => {
  async function createdRun() {
    return gateway.createCheckRun(at, { name: 'kube-ci', headSha: sha, status: 'in_progress' });
  }
  const finalUpdate = {
    name: 'kube-ci',
    status: 'completed' as const,
    conclusion: 'failure' as const,
    detailsUrl: 'https://argo.example/wf',
    output: { title: 'Failed', summary: 'step build failed', text: 'details', annotations: [annotation(3, 'boom')] },
    actions: [{ label: 'Clear Cache', description: 'delete the cache', identifier: 'clearCache' }],
  };

  it('retries once with a minimal body so the conclusion lands', async () => {
    const { id } = await createdRun();
    fake.injectFault({ method: 'PATCH', path: /check-runs\/\d+$/, status: 422, times: 1, message: 'Invalid request.' });
    await gateway.updateCheckRun(at, id, finalUpdate);
    const run = fake.checkRuns('acme', 'widgets').find((r) => r.id === id)!;
    expect(run.fields).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const minimal = run.history.at(-1)!.body;
    expect(minimal).toEqual({
      name: 'kube-ci',
      status: 'completed',
      conclusion: 'failure',
      output: {
        title: 'Failed',
        summary: expect.stringMatching(
          /^step build failed\n\nGitHub refused the full report \(422: Invalid request\. - https:\/\/docs\.github\.com\/rest\), so kube-ci sent/,
        ),
      },
    });
    expect(run.annotations).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('GitHub refused the body (422')]);
  });

  it('fails non-retryably with both reasons when the minimal body is refused too', async () => {
    const { id } = await createdRun();
    fake.injectFault({ method: 'PATCH', path: /check-runs\/\d+$/, status: 422, times: 2, message: 'Invalid request.' });
    const error = await gateway.updateCheckRun(at, id, finalUpdate).then(
      () => expect.fail('expected a failure'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: Failure.GitHubValidationFailed, nonRetryable: true });
    expect((error as Error).message).toMatch(/refused the report \(422: .*\) and the minimal report too \(422: /);
    expect(
      checkRunRequests()
        .filter((r) => r.method === 'PATCH')
        .map((r) => r.status),
    ).toEqual([422, 422]);
  });

  it('does not retry a server error with a smaller body: Temporal retries it as it is', async () => {
    const { id } = await createdRun();
    fake.injectFault({ method: 'PATCH', path: /check-runs\/\d+$/, status: 502, times: 1 });
    const error = await gateway.updateCheckRun(at, id, finalUpdate).then(
      () => expect.fail('expected a failure'),
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    expect(checkRunRequests().filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });
});

describe('GitHub gateway: failure messages fit for a public check run', () => {
  it('masks tokens and internal URLs in the message and keeps the full text in the details', async () => {
    const said = 'Bad credentials for ghs_16C7e42F292c6912E7710c838347Ae178B4a at https://github.corp.internal/api/v3';
    fake.injectFault({ method: 'GET', path: /\/repos\/acme\/widgets$/, status: 403, times: 1, message: said });
    const error = (await gateway.getRepository(at).catch((e: unknown) => e)) as ApplicationFailure;
    expect(error.type).toBe(Failure.GitHubPermissionDenied);
    expect(error.message).toMatch(
      /^get repository acme\/widgets: GitHub answered 403: Bad credentials for \*\*\* at <internal URL>/,
    );
    expect(error.message).not.toContain('ghs_');
    expect(JSON.stringify(error.details)).toContain('ghs_16C7e42F292c6912E7710c838347Ae178B4a');
  });
});
