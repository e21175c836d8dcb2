/**
 * `/kube-ci` comment commands end to end (SPEC B §15, G11 G12 G16–G18 G48): real `issue_comment` and `issues`
 * payloads from @octokit/webhooks-examples, adapted and signed, through the real API and worker on a real
 * Temporal server, against the fake GitHub (OpenAPI-validated) and the Argo simulator.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedFromWebhookPayload } from '../fakes/github';
import { examplePayload, postDelivery, signedDelivery } from '../support/webhook-delivery';
import { checkRunsFor, deliverAccepted, owner, repo, waitUntil } from './deliveries';
import { buildAndTest } from './pipelines';
import { startStack, webhookSecret, type Stack } from './stack';
import type { CommentCommandResult } from '../../workflows/comment-command';
import type { CiRunResult } from '../../workflows/ci-run.messages';

const templateDir = mkdtempSync(join(tmpdir(), 'kube-ci-templates-'));
const templateFile = join(templateDir, 'go.yaml');
writeFileSync(templateFile, buildAndTest);

let commentIds = 700_000_000 + (process.pid % 1000) * 1000;
let prNumbers = 100;

describe('/kube-ci comment commands, end to end', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      commands: { authorisedOrgs: ['trusted-org'], templates: { go: { description: 'Go modules', ci: templateFile } } },
    });
    // seeds the installation and the repository the examples name
    seedFromWebhookPayload(stack.github, { ...examplePayload('issue_comment', 'created'), installation: { id: 1 } });
    stack.github.setCollaboratorPermission(owner, repo, 'maintainer', 'write');
    stack.github.setCollaboratorPermission(owner, repo, 'reader', 'read');
    stack.github.addInstallation({ id: 2, account: { login: 'trusted-org', type: 'Organization' } });
    stack.github.addOrgMember('trusted-org', 'org-member');
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    stack.github.reset();
    stack.argo.plan(() => ({}));
  });

  /** A PR whose head commit has `files`; `fork` puts the head in another repository. */
  function openPullRequest(files: Record<string, string> = { '.kube-ci/ci.yaml': buildAndTest }, fork = false) {
    const number = prNumbers++;
    const branch = `feature/${number}`;
    const sha = stack.github.addCommit(owner, repo, { sha: randomBytes(20).toString('hex'), branch, files });
    const head = { ref: branch, sha, repoFullName: fork ? `forker/${repo}` : `${owner}/${repo}` };
    stack.github.addPullRequest(owner, repo, { number, head });
    return { number, branch, sha, head };
  }

  function pushTo(pr: ReturnType<typeof openPullRequest>, files: Record<string, string>) {
    const sha = stack.github.addCommit(owner, repo, { branch: pr.branch, files });
    stack.github.addPullRequest(owner, repo, { number: pr.number, head: { ...pr.head, sha } });
    return sha;
  }

  /** The recorded `issue_comment.created`, written by `login` on issue or PR `number`. */
  function commentPayload(body: string, login: string, number: number, onPullRequest = true) {
    const payload = examplePayload('issue_comment', 'created');
    payload.installation = { id: 1 };
    payload.comment.id = commentIds++;
    payload.comment.body = body;
    payload.comment.user.login = login;
    payload.sender.login = login;
    payload.issue.number = number;
    if (onPullRequest)
      payload.issue.pull_request = { url: `https://api.github.com/repos/${owner}/${repo}/pulls/${number}` };
    else delete payload.issue.pull_request;
    stack.github.addComment(owner, repo, payload.comment.id);
    return payload;
  }

  async function command(event: 'issue_comment' | 'issues', payload: unknown) {
    const handle = await deliverAccepted(stack, await signedDelivery(webhookSecret, event, payload));
    return { handle, result: (await handle.result()) as CommentCommandResult };
  }

  const repliesTo = (number: number) => stack.github.issueComments(owner, repo).filter((c) => c.issueNumber === number);
  const reactionsOn = (target: 'comment' | 'issue', id: number) =>
    stack.github
      .reactions(owner, repo)
      .filter((r) => r.target === target && r.id === id)
      .map((r) => r.content);
  const runResult = (workflowId: string) =>
    stack.client.workflow.getHandle(workflowId).result() as Promise<CiRunResult>;

  it('runs the PR head for an authorised sender, with odd spacing; a redelivered comment runs once', async () => {
    const pr = openPullRequest();
    const payload = commentPayload('  /kube-ci \t run  \r\nplease', 'maintainer', pr.number);
    const delivery = await signedDelivery(webhookSecret, 'issue_comment', payload);
    const handle = await deliverAccepted(stack, delivery);
    expect(handle.workflowId).toBe(`command/${owner}/${repo}/comment-${payload.comment.id}`);
    const result = (await handle.result()) as CommentCommandResult;
    expect(result.outcome).toBe('done');
    const run = await stack.client.workflow.getHandle(result.runs![0]!).describe();
    expect(run.searchAttributes['Trigger']).toEqual(['slash_command']);
    expect(run.searchAttributes['PullRequest']).toEqual([pr.number]);
    expect((await runResult(result.runs![0]!)).outcome).toBe('success');
    expect(checkRunsFor(stack, pr.sha).map((c) => c.fields.conclusion)).toEqual(['success']);
    expect(reactionsOn('comment', payload.comment.id)).toEqual(['rocket']);
    // the command's own GitHub calls: one permission read, one PR read, one reaction
    const commandCalls = ['repos/get-collaborator-permission-level', 'pulls/get', 'reactions/create-for-issue-comment'];
    expect(
      stack.github.requests.filter((r) => commandCalls.includes(r.operationId ?? '')).map((r) => r.operationId),
    ).toEqual(commandCalls);

    const again = await postDelivery(stack.apiUrl, delivery);
    expect(again.status).toBe(202);
    expect(JSON.parse(again.body)).toMatchObject({ workflowId: handle.workflowId, started: false });
    expect(checkRunsFor(stack, pr.sha)).toHaveLength(1);
    expect(reactionsOn('comment', payload.comment.id)).toEqual(['rocket']);
  });

  it('lets an authorised org member run an entrypoint', async () => {
    const pr = openPullRequest();
    const { result } = await command('issue_comment', commentPayload('/kube-ci run build', 'org-member', pr.number));
    expect(result.outcome).toBe('done');
    expect(await runResult(result.runs![0]!)).toMatchObject({ outcome: 'success' });
    expect(checkRunsFor(stack, pr.sha).map((c) => c.fields.name)).toEqual(['Workflow - build']);
  });

  it('refuses an unauthorised sender with a reply and a reaction, and starts nothing', async () => {
    const pr = openPullRequest();
    const payload = commentPayload('/kube-ci run', 'reader', pr.number);
    const { result } = await command('issue_comment', payload);
    expect(result.outcome).toBe('refused');
    expect(repliesTo(pr.number).map((c) => c.body)).toEqual([
      '@reader you are not allowed to run kube-ci commands: @reader has only read access on this repository and is not a member of trusted-org; commands need write, maintain or admin access',
    ]);
    expect(reactionsOn('comment', payload.comment.id)).toEqual(['confused']);
    expect(checkRunsFor(stack, pr.sha)).toEqual([]);
  });

  it('on an issue: run is refused, an opened issue asking for help gets the help', async () => {
    const payload = commentPayload('/kube-ci run', 'maintainer', 1, false);
    expect((await command('issue_comment', payload)).result).toMatchObject({
      outcome: 'refused',
      message: 'run is only valid on PR comments',
    });

    const issue = examplePayload('issues', 'opened');
    issue.installation = { id: 1 };
    issue.issue.number = 9;
    issue.issue.body = '/kube-ci help\n\nWhat can it do?';
    issue.issue.user.login = 'reader';
    expect((await command('issues', issue)).result.outcome).toBe('help');
    const [help] = repliesTo(9);
    expect(help!.body).toContain('`/kube-ci ok-to-test`');
    expect(help!.body).toContain('*go*: Go modules');
    expect(reactionsOn('issue', 9)).toEqual(['eyes']);
  });

  it('a fork PR runs only once approved, pinned to that head; a later push needs a new approval', async () => {
    const pr = openPullRequest(undefined, true);
    const suite = async (sha: string) => {
      const payload = examplePayload('check_suite', 'requested');
      payload.installation = { id: 1 };
      payload.check_suite.id = Number.parseInt(sha.slice(0, 8), 16);
      payload.check_suite.head_sha = sha;
      payload.check_suite.head_branch = pr.branch;
      payload.check_suite.pull_requests = [
        {
          number: pr.number,
          head: { ref: pr.branch, sha, repo: { url: `https://api.github.com/repos/forker/${repo}` } },
          base: { ref: 'master', sha, repo: { url: `https://api.github.com/repos/${owner}/${repo}` } },
        },
      ];
      const handle = await deliverAccepted(stack, await signedDelivery(webhookSecret, 'check_suite', payload));
      return (await handle.result()) as CiRunResult;
    };
    expect(await suite(pr.sha)).toMatchObject({ outcome: 'skipped' });
    expect(checkRunsFor(stack, pr.sha)).toEqual([]);

    const { result } = await command('issue_comment', commentPayload('/kube-ci ok-to-test', 'maintainer', pr.number));
    expect(result.outcome).toBe('done');
    expect(await runResult(result.runs![0]!)).toMatchObject({ outcome: 'success' });
    expect(checkRunsFor(stack, pr.sha).map((c) => c.fields.conclusion)).toEqual(['success']);

    const pushed = pushTo(pr, { '.kube-ci/ci.yaml': buildAndTest });
    expect(await suite(pushed)).toMatchObject({ outcome: 'skipped' });
    expect(checkRunsFor(stack, pushed)).toEqual([]);
    // the approval was of the old head: the argo workflow ran that commit only
    const revisions = stack.argoWorkflows().map((w) => w.metadata.annotations?.['kube-ci.qutics.com/sha']);
    expect(revisions).toContain(pr.sha);
    expect(revisions).not.toContain(pushed);
  });

  it('retest re-runs the failed check runs of the head commit', async () => {
    const pr = openPullRequest();
    stack.argo.plan(() => ({ outcome: 'Failed' }));
    const first = await command('issue_comment', commentPayload('/kube-ci run', 'maintainer', pr.number));
    expect(await runResult(first.result.runs![0]!)).toMatchObject({ outcome: 'failure' });
    stack.argo.plan(() => ({}));
    const { result } = await command('issue_comment', commentPayload('/kube-ci retest', 'maintainer', pr.number));
    expect(result).toMatchObject({ outcome: 'done', message: 're-running 1 check run(s)' });
    expect(await runResult(result.runs![0]!)).toMatchObject({ outcome: 'success' });
    expect(checkRunsFor(stack, pr.sha).map((c) => c.fields.conclusion)).toEqual(['failure', 'success']);

    const nothing = await command('issue_comment', commentPayload('/kube-ci retest', 'maintainer', pr.number));
    expect(nothing.result.message).toBe(`no failed kube-ci check runs on ${pr.sha}`);
  });

  it('cancel ends the PR’s running runs', async () => {
    const pr = openPullRequest();
    stack.argo.plan(() => ({ holdRunning: true }));
    const started = await command('issue_comment', commentPayload('/kube-ci run', 'maintainer', pr.number));
    const runId = started.result.runs![0]!;
    await waitUntil(async () => {
      const status = await stack.client.workflow.getHandle(runId).query<{ stage: string }>('runStatus');
      return status.stage === 'running';
    });
    const { result } = await command('issue_comment', commentPayload('/kube-ci cancel', 'maintainer', pr.number));
    expect(result).toMatchObject({ outcome: 'done', message: 'cancelled 1 run(s)', runs: [runId] });
    await expect(runResult(runId)).rejects.toThrow(/cancel/i);
    await waitUntil(() => checkRunsFor(stack, pr.sha)[0]?.fields.conclusion === 'cancelled');
  });

  it('deploy creates a GitHub Deployment and runs its deploy template, reporting to it (G11)', async () => {
    const withRelease = buildAndTest
      .replace('  annotations:\n', '  annotations:\n    kube-ci.qutics.com/deployTemplates: "^release$"\n')
      .concat(
        '    - name: release\n      inputs:\n        parameters: [{name: environment}]\n',
        '      container: {image: alpine, command: [echo, "{{inputs.parameters.environment}}"]}\n',
      );
    const pr = openPullRequest({ '.kube-ci/ci.yaml': withRelease });
    const { result } = await command(
      'issue_comment',
      commentPayload('/kube-ci deploy production', 'maintainer', pr.number),
    );
    expect(result.outcome).toBe('done');
    const [deployment] = stack.github.deployments(owner, repo).filter((d) => d.sha === pr.sha);
    expect(deployment).toMatchObject({ task: 'release', environment: 'production', productionEnvironment: true });
    expect(result.runs![0]).toContain(`/deployment-${deployment!.id}`);
    expect(await runResult(result.runs![0]!)).toMatchObject({ outcome: 'success' });
    expect(checkRunsFor(stack, pr.sha).map((c) => c.fields.name)).toEqual(['Workflow - release (deployment)']);
    await waitUntil(() => deployment!.statuses.some((s) => s.state === 'success'));
  });

  it('setup writes .kube-ci/ci.yaml to a PR branch that has no .kube-ci yet, and refuses a fork (G18)', async () => {
    const pr = openPullRequest({ 'README.md': '# hello\n' });
    const payload = commentPayload('/kube-ci setup go', 'maintainer', pr.number);
    const { result } = await command('issue_comment', payload);
    expect(result.outcome).toBe('done');
    const commit = stack.github.state.resolveCommit(stack.github.state.repo(owner, repo)!, pr.branch)!;
    expect(commit.files.get('.kube-ci/ci.yaml')).toBe(buildAndTest);
    expect(commit.message).toBe(`kube-ci configured by maintainer via ${payload.comment.html_url}`);

    const fork = openPullRequest({ 'README.md': '# hello\n' }, true);
    const refused = await command('issue_comment', commentPayload('/kube-ci setup go', 'maintainer', fork.number));
    expect(refused.result).toMatchObject({ outcome: 'refused', message: 'refusing to update cross-repo PR' });
    const unknown = await command('issue_comment', commentPayload('/kube-ci setup rust', 'maintainer', pr.number));
    expect(unknown.result).toMatchObject({ outcome: 'refused', message: 'unknown template rust' });
    expect(stack.github.schemaViolations).toEqual([]);
  });
});
