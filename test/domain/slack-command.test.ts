import { describe, expect, it } from 'vitest';
import { parseSlackCommand, slackSenderAllowed } from '../../domain/slack-command';

const repo = { owner: 'acme', name: 'web' };

describe('parseSlackCommand', () => {
  it.each([
    ['/ci-build', 'acme/web', { kind: 'build', repo, ref: '' }],
    ['/ci-build', '  acme/web   main ', { kind: 'build', repo, ref: 'main' }],
    ['/ci-deploy', 'acme/web production', { kind: 'deploy', repo, environment: 'production', ref: '' }],
    ['/ci-deploy', 'acme/web "eu west" release/1', { kind: 'deploy', repo, environment: 'eu west', ref: 'release/1' }],
    ['/ci-setup', 'acme/web go', { kind: 'setup', repo, template: 'go', branch: '' }],
    ['/ci-setup', 'acme/web go feature', { kind: 'setup', repo, template: 'go', branch: 'feature' }],
  ])('%s %s', (command, text, expected) => {
    expect(parseSlackCommand(command, text)).toEqual(expected);
  });

  it.each([
    ['/ci-build', '', 'need org/repo argument; usage: /ci-build org/repo [branch]'],
    ['/ci-build', 'acme', 'need org/repo argument; usage: /ci-build org/repo [branch]'],
    ['/ci-build', 'acme/web/x', 'need org/repo argument; usage: /ci-build org/repo [branch]'],
    ['/ci-build', 'acme/web a b', 'usage: /ci-build org/repo [branch]'],
    ['/ci-setup', 'acme/web', 'usage: /ci-setup org/repo template [branch]'],
    ['/ci-setup', 'acme/web go main extra', 'usage: /ci-setup org/repo template [branch]'],
    ['/ci-deploy', 'acme/web', 'usage: /ci-deploy org/repo environment [branch]'],
    ['/ci-build', 'acme/web bad..ref', 'bad..ref is not a branch name: it may not contain `..`, `@{` or `//`'],
    ['/ci-build', 'acme/web; rm', 'shell operator `;` is not supported; quote it'],
    ['/ci-other', 'acme/web', 'unknown command /ci-other; kube-ci knows /ci-build, /ci-deploy, /ci-setup'],
  ])('%s %j is refused: %s', (command, text, message) => {
    expect(parseSlackCommand(command, text)).toEqual({ kind: 'invalid', message });
  });
});

describe('slackSenderAllowed', () => {
  const allowed = { users: ['U1'], channels: ['C1'] };
  it('allows a listed user anywhere and anyone in a listed channel, nobody else', () => {
    expect(slackSenderAllowed({ userId: 'U1', channelId: 'C9' }, allowed)).toBe(true);
    expect(slackSenderAllowed({ userId: 'U9', channelId: 'C1' }, allowed)).toBe(true);
    expect(slackSenderAllowed({ userId: 'U9', channelId: 'C9' }, allowed)).toBe(false);
    expect(slackSenderAllowed({ userId: 'U1', channelId: 'C1' }, { users: [], channels: [] })).toBe(false);
  });
});
