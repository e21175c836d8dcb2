import { describe, expect, it } from 'vitest';
import { authorisationVerdict } from '../../domain/authorisation';
import { commandHelpText, failedEntrypoints } from '../../domain/command-replies';
import { chooseDeployTemplate } from '../../domain/command-trigger';
import { commandWorkflowIdFor } from '../../domain/comment-command-event';
import { parseWebhook } from '../../domain/webhook-event';
import { examplePayload } from '../support/webhook-delivery';

const parse = (name: string, payload: unknown) =>
  parseWebhook({ name, deliveryId: 'd-1', payload, bodyDigest: 'ab'.repeat(32), appId: 29310 });

function comment(body: string | null, options: { pr?: boolean; action?: string; bot?: boolean } = {}) {
  const payload = examplePayload('issue_comment', 'created');
  payload.installation = { id: 7 };
  payload.comment.body = body;
  if (options.action) payload.action = options.action;
  if (options.pr) payload.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' };
  if (options.bot) payload.comment.user.type = 'Bot';
  return payload;
}

describe('issue_comment and issues events', () => {
  it('a /kube-ci comment on a PR becomes a comment-command keyed on the comment id', () => {
    const decision = parse('issue_comment', comment('/kube-ci  run\tlint\nplease', { pr: true }));
    expect(decision).toMatchObject({
      kind: 'comment-command',
      request: {
        installationId: 7,
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        issueNumber: 1,
        isPullRequest: true,
        source: { kind: 'comment', commentId: 492700400 },
        sender: 'Codertocat',
        command: { kind: 'run', entrypoint: 'lint' },
        key: 'comment-492700400',
        deliveryId: 'd-1',
      },
    });
    if (decision.kind !== 'comment-command') return;
    expect(commandWorkflowIdFor(decision.request)).toBe('command/Codertocat/Hello-World/comment-492700400');
  });

  it('an opened issue starting with /kube-ci keeps its installation and URL (G16)', () => {
    const payload = examplePayload('issues', 'opened');
    payload.installation = { id: 7 };
    payload.issue.body = '/kube-ci setup go';
    const decision = parse('issues', payload);
    expect(decision).toMatchObject({
      kind: 'comment-command',
      request: {
        installationId: 7,
        isPullRequest: false,
        source: { kind: 'issue' },
        url: payload.issue.html_url,
        command: { kind: 'setup', template: 'go' },
        key: `issue-${payload.issue.id}`,
      },
    });
  });

  it.each([
    ['an ordinary comment', comment('nice work'), 'not a /kube-ci command'],
    ['a null body', comment(null), 'not a /kube-ci command'],
    ['an edited comment', comment('/kube-ci run', { action: 'edited' }), 'only a created comment is a command'],
    ['a bot’s comment', comment('/kube-ci run', { bot: true }), 'comments by bots are not commands'],
  ])('ignores %s', (_name, payload, reason) => {
    expect(parse('issue_comment', payload)).toEqual({ kind: 'ignored', reason });
  });

  it('ignores a command without an installation, and issues other than opened', () => {
    const payload = comment('/kube-ci run');
    delete payload.installation;
    expect(parse('issue_comment', payload)).toEqual({ kind: 'ignored', reason: 'payload has no installation id' });
    expect(parse('issues', examplePayload('issues', 'edited'))).toEqual({
      kind: 'ignored',
      reason: 'ignoring issues edited event',
    });
  });
});

describe('authorisationVerdict', () => {
  it.each([
    ['admin', [], true],
    ['maintain', [], true],
    ['write', [], true],
    ['triage', [], false],
    ['read', [], false],
    [null, [], false],
    [null, [{ org: 'acme', member: true }], true],
    ['read', [{ org: 'acme', member: false }], false],
  ] as const)('permission %s, orgs %j → %s', (permission, orgs, authorised) => {
    const verdict = authorisationVerdict({ login: 'octo', permission, orgs: [...orgs] });
    expect(verdict.authorised).toBe(authorised);
    expect(verdict.reason).toContain('@octo');
  });

  it('says why a refusal is one', () => {
    expect(authorisationVerdict({ login: 'eve', permission: 'read', orgs: [{ org: 'acme', member: false }] })).toEqual({
      authorised: false,
      reason:
        '@eve has only read access on this repository and is not a member of acme; commands need write, maintain or admin access',
    });
    expect(authorisationVerdict({ login: '', permission: 'admin', orgs: [] }).authorised).toBe(false);
  });
});

describe('failedEntrypoints', () => {
  const run = (
    id: number,
    name: string,
    externalId: string | null,
    conclusion: string | null,
    status = 'completed',
  ) => ({
    id,
    name,
    externalId,
    status,
    conclusion,
  });
  it('re-runs the newest check run of each name when it failed', () => {
    expect(
      failedEntrypoints([
        run(1, 'Workflow - build', 'build', 'failure'),
        run(2, 'Workflow - build', 'build', 'success'),
        run(3, 'Workflow - lint', 'lint', 'failure'),
        run(4, 'Workflow - e2e', 'e2e', 'timed_out'),
        run(5, 'Workflow - slow', 'slow', null, 'in_progress'),
        run(6, 'Default Workflow', null, 'failure'),
        run(7, 'Workflow - release (deployment)', 'release', 'failure'),
      ]),
    ).toEqual(['', 'e2e', 'lint']);
  });
});

describe('command replies', () => {
  it('help lists every command and the templates sorted, never starting with /kube-ci', () => {
    const text = commandHelpText(
      [
        { name: 'node', description: 'Node.js' },
        { name: 'go', description: 'Go modules' },
      ],
      'unknown command `x`',
    );
    expect(text.startsWith('/kube-ci')).toBe(false);
    expect(text).toMatch(/^\*\*unknown command `x`\*\*/);
    for (const command of ['run', 'ok-to-test', 'retest', 'cancel', 'deploy', 'setup', 'help'])
      expect(text).toContain(`/kube-ci ${command}`);
    expect(text.indexOf('*go*: Go modules')).toBeLessThan(text.indexOf('*node*: Node.js'));
  });

  it('chooses the deploy template', () => {
    expect(chooseDeployTemplate(['release'], undefined)).toEqual({ ok: true, template: 'release' });
    expect(chooseDeployTemplate(['a', 'b'], 'b')).toEqual({ ok: true, template: 'b' });
    expect(chooseDeployTemplate(['a', 'b'], undefined).ok).toBe(false);
    expect(chooseDeployTemplate(['a'], 'c').ok).toBe(false);
  });
});
