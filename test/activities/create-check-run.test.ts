/**
 * createCheckRun against the real Octokit over the fake GitHub: the first attempt creates at once (no list),
 * a retried attempt finds the check run an earlier attempt made (a lost response) instead of making a second.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityDeps } from '../../activities/deps';
import { createGitHubGateway } from '../../activities/github/octokit-gateway';
import { makeReportStatus, temporalRunUrl, type CreateCheckRunInput } from '../../activities/report-status';
import type { CiTrigger } from '../../domain/types';
import { triggerWith } from '../domain/fixtures';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github';

const OWNER = 'acme';
const REPO = 'shop';
const workflowId = 'ci/acme/shop/sha/default/suite-1';
let github: FakeGitHub;
let deps: ActivityDeps;
let trigger: CiTrigger;

beforeAll(async () => {
  github = await startFakeGitHub({ appId: 97 });
  github.addInstallation({ id: 9, account: OWNER });
  github.addRepository({ owner: OWNER, name: REPO });
});
afterAll(async () => await github?.close());
beforeEach(() => {
  const sha = github.addCommit(OWNER, REPO, { files: { 'README.md': 'x' } });
  trigger = triggerWith({ installationId: 9, repo: { owner: OWNER, name: REPO }, sha, ref: 'main' });
  deps = {
    github: createGitHubGateway({ appId: github.appId, privateKey: github.privateKey, baseUrl: github.url }),
    temporal: { namespace: 'default', uiBase: 'http://temporal-ui.example' },
  } as unknown as ActivityDeps;
});

const createOn = (attempt: number, input: CreateCheckRunInput): Promise<{ id: number }> =>
  new MockActivityEnvironment({ attempt, workflowExecution: { workflowId, runId: 'r' } }).run(
    makeReportStatus(deps).createCheckRun,
    input,
  );
const operations = () => github.requests.map((r) => r.operationId).filter((op) => op?.startsWith('checks/'));

describe('createCheckRun', () => {
  it('creates on the first attempt without listing first', async () => {
    github.reset();
    const { id } = await createOn(1, { trigger, name: 'Workflow - build', output: { title: 't', summary: 's' } });
    expect(operations()).toEqual(['checks/create']);
    expect(github.checkRuns(OWNER, REPO).find((c) => c.id === id)!.fields['details_url']).toBe(
      temporalRunUrl(deps, workflowId),
    );
  });

  it('on a retry finds the check run an earlier attempt made, and makes none', async () => {
    const input = { trigger, name: 'Workflow - build', output: { title: 't', summary: 's' } };
    const first = await createOn(1, input); // its answer "lost": the activity is retried
    github.reset();
    const again = await createOn(2, input);
    expect(again).toEqual(first);
    expect(operations()).toEqual(['checks/list-for-ref']);
    expect(github.checkRuns(OWNER, REPO).filter((c) => c.headSha === trigger.sha)).toHaveLength(1);
  });

  it('after GitHub made the check run but its answer was lost, the retry finds it and creates nothing', async () => {
    github.reset();
    github.injectFault({ method: 'POST', path: /\/check-runs$/, status: 502, times: 1, afterCommit: true });
    const input = { trigger, name: 'Workflow - build', output: { title: 't', summary: 's' } };
    await expect(createOn(1, input)).rejects.toMatchObject({ status: 502 });
    const { id } = await createOn(2, input);
    expect(github.requests.map((r) => `${r.operationId} ${r.status}`).filter((op) => op.startsWith('checks/'))).toEqual(
      ['checks/create 502', 'checks/list-for-ref 200'],
    );
    const made = github.checkRuns(OWNER, REPO).filter((c) => c.headSha === trigger.sha);
    expect(made.map((c) => c.id)).toEqual([id]);
  });

  it('looks first on attempt 1 when told an earlier run may have made it (a local activity run again)', async () => {
    const input = { trigger, name: 'Workflow - build', output: { title: 't', summary: 's' } };
    const first = await createOn(1, input); // its workflow task never completed: the marker was lost
    github.reset();
    expect(await createOn(1, { ...input, mayExist: true })).toEqual(first);
    expect(operations()).toEqual(['checks/list-for-ref']);
  });

  it('on a retry after a create that never happened, creates', async () => {
    github.reset();
    await createOn(3, { trigger, name: 'Workflow - build', output: { title: 't', summary: 's' } });
    expect(operations()).toEqual(['checks/list-for-ref', 'checks/create']);
  });
});
