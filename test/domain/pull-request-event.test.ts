import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FORK_REASON } from '../../domain/pull-request-event';
import { parseWebhook } from '../../domain/webhook-event';

interface ExampleSet {
  name: string;
  examples: Record<string, unknown>[];
}
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json') as ExampleSet[];

/** A deep copy of a recorded payload of `event` (with `action`, when given) from @octokit/webhooks-examples. */
function recorded(event: string, action?: string, extra: (p: any) => boolean = () => true): any {
  const found = examples
    .find((e) => e.name === event)
    ?.examples.find((p) => (action === undefined || p['action'] === action) && extra(p));
  if (!found) throw new Error(`no recorded ${event}.${action}`);
  const copy: any = structuredClone(found);
  copy.installation ??= { id: 1 };
  return copy;
}

const APP = 29310;
const parse = (name: string, payload: unknown, digest = '0123456789abcdef'.repeat(4)) =>
  parseWebhook({ name, deliveryId: 'delivery-1', payload, bodyDigest: digest, appId: APP });

describe('parseWebhook: pull_request', () => {
  it('builds a synchronize under the push key, with the full PR (draft, title, URL) and its push time', () => {
    const payload = recorded('pull_request', 'synchronize');
    expect(parse('pull_request', payload)).toEqual({
      kind: 'start-run',
      runKey: 'push-changes',
      trigger: {
        source: 'pull_request',
        installationId: 1,
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        sha: payload.pull_request.head.sha,
        ref: 'changes',
        refType: 'branch',
        entrypoint: '',
        pullRequests: [
          {
            number: 2,
            headRef: 'changes',
            headSha: payload.pull_request.head.sha,
            baseRef: 'master',
            headRepoUrl: 'https://api.github.com/repos/Codertocat/Hello-World',
            baseRepoUrl: 'https://api.github.com/repos/Codertocat/Hello-World',
            draft: false,
            title: payload.pull_request.title,
            htmlUrl: payload.pull_request.html_url,
          },
        ],
        deliveryId: 'delivery-1',
        sender: payload.sender.login,
        pushedAt: payload.pull_request.updated_at,
        repository: {
          sshUrl: payload.repository.ssh_url,
          gitUrl: payload.repository.git_url,
          cloneUrl: payload.repository.clone_url,
          defaultBranch: payload.repository.default_branch,
          htmlUrl: payload.repository.html_url,
        },
      },
    });
  });

  it('gives the push of a check suite and of a pull_request.synchronize the same run key', () => {
    const sync = recorded('pull_request', 'synchronize');
    const suite = recorded('check_suite', 'requested', (p) => p.installation !== undefined);
    suite.check_suite.head_branch = sync.pull_request.head.ref;
    suite.check_suite.head_sha = sync.pull_request.head.sha;
    const a = parse('pull_request', sync);
    const b = parse('check_suite', suite, 'ff'.repeat(32));
    expect(a.kind === 'start-run' && b.kind === 'start-run').toBe(true);
    if (a.kind !== 'start-run' || b.kind !== 'start-run') return;
    expect(a.runKey).toBe(b.runKey);
    expect(a.trigger.sha).toBe(b.trigger.sha);
  });

  it.each(['opened', 'reopened', 'ready_for_review'])('builds %s under a key of its own body', (action) => {
    const payload = recorded('pull_request', action);
    const decision = parse('pull_request', payload);
    expect(decision).toMatchObject({ kind: 'start-run', runKey: `pr-${action}-0123456789abcdef` });
    expect(parse('pull_request', payload, 'fe'.repeat(32))).toMatchObject({ runKey: `pr-${action}-fefefefefefefefe` });
  });

  it('carries the draft flag of a draft PR to the policy', () => {
    const payload = recorded('pull_request', 'opened');
    payload.pull_request.draft = true;
    expect(parse('pull_request', payload)).toMatchObject({ trigger: { pullRequests: [{ draft: true }] } });
  });

  it.each(['opened', 'reopened', 'ready_for_review', 'synchronize'])(
    'never builds a fork PR by itself: its %s is a fork-notice of the head commit',
    (action) => {
      const fork = recorded('pull_request', action === 'synchronize' ? 'synchronize' : 'opened');
      fork.action = action;
      fork.pull_request.head.repo.id = 999;
      fork.pull_request.head.repo.full_name = 'mallory/Hello-World';
      expect(parse('pull_request', fork)).toEqual({
        kind: 'fork-notice',
        notice: {
          installationId: 1,
          repo: { owner: 'Codertocat', name: 'Hello-World' },
          pullRequest: fork.pull_request.number,
          sha: fork.pull_request.head.sha,
          action,
        },
      });
    },
  );

  it('tells a fork PR nothing when its fork was deleted, or the payload cannot name the PR and commit', () => {
    const gone = recorded('pull_request', 'opened');
    gone.pull_request.head.repo = null;
    expect(parse('pull_request', gone)).toEqual({ kind: 'ignored', reason: FORK_REASON });
    expect(FORK_REASON).toContain('`/kube-ci ok-to-test`');
    const noInstallation = recorded('pull_request', 'opened');
    noInstallation.pull_request.head.repo.id = 999;
    delete noInstallation.installation;
    expect(parse('pull_request', noInstallation)).toEqual({
      kind: 'ignored',
      reason: 'payload has no installation id',
    });
    const badSha = recorded('pull_request', 'synchronize');
    badSha.pull_request.head.repo.id = 999;
    badSha.pull_request.head.sha = 'not-a-sha';
    expect(parse('pull_request', badSha)).toEqual({
      kind: 'ignored',
      reason: 'head sha is not a commit sha (40 hexadecimal digits)',
    });
  });

  it('cancels the running runs of a closed PR', () => {
    const payload = recorded('pull_request', 'closed');
    expect(parse('pull_request', payload)).toEqual({
      kind: 'cancel-runs',
      selector: {
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        installationId: 1,
        pullRequest: payload.pull_request.number,
        reason: `pull request #${payload.pull_request.number} closed`,
      },
    });
  });

  it.each(['labeled', 'edited', 'converted_to_draft', 'assigned'])('ignores %s with a reason', (action) => {
    const payload = recorded('pull_request', 'opened');
    payload.action = action;
    expect(parse('pull_request', payload)).toEqual({ kind: 'ignored', reason: `ignore pull_request ${action} event` });
  });

  it.each([
    ['a null head sha', (p: any) => (p.pull_request.head.sha = null), 'payload has no head sha'],
    ['a null pull_request', (p: any) => (p.pull_request = null), 'payload has no pull request number'],
    ['no installation', (p: any) => delete p.installation, 'payload has no installation id'],
  ])('ignores %s with a reason (G15)', (_what, mutate, reason) => {
    const payload = recorded('pull_request', 'synchronize');
    mutate(payload);
    expect(parse('pull_request', payload)).toEqual({ kind: 'ignored', reason });
  });

  it('takes the owner of a user-owned repository from repository.owner (G14)', () => {
    const payload = recorded('pull_request', 'synchronize');
    delete payload.organization;
    expect(parse('pull_request', payload)).toMatchObject({ trigger: { repo: { owner: 'Codertocat' } } });
  });
});
