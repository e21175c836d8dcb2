import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  cacheClearedLine,
  cacheLabelSelector,
  cachesToClear,
  summaryWithClearedLine,
} from '../../domain/cache-selection';
import { cacheClearWorkflowIdFor } from '../../domain/ids';
import { parseWebhook } from '../../domain/webhook-event';

interface ExampleSet {
  name: string;
  examples: Record<string, unknown>[];
}
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json') as ExampleSet[];

/** A deep copy of a recorded payload (from @octokit/webhooks-examples) whose fields pass `match`. */
function recorded(event: string, match: (p: Record<string, any>) => boolean = () => true): any {
  const found = examples.find((e) => e.name === event)?.examples.find(match);
  if (!found) throw new Error(`no recorded ${event}`);
  return structuredClone(found);
}

const APP = 25811; // the App of the recorded check_run.requested_action
const DIGEST = '0123456789abcdef'.repeat(4);
const parse = (name: string, payload: unknown) =>
  parseWebhook({ name, deliveryId: 'delivery-1', payload, bodyDigest: DIGEST, appId: APP });

/** The recorded button press (electron/electron, App 25811) with a Clear Cache identifier. */
function pressed(identifier: string): any {
  const payload = recorded('check_run', (p) => p['action'] === 'requested_action');
  payload.requested_action = { identifier };
  return payload;
}

describe('parseWebhook: cache clears', () => {
  it('clearCache clears every cache of the repository and says who pressed it on the check run', () => {
    const payload = pressed('clearCache');
    expect(parse('check_run', payload)).toEqual({
      kind: 'clear-caches',
      request: {
        repo: { owner: 'electron', name: 'electron' },
        installationId: payload.installation.id,
        reason: 'cache clear requested by codebytere',
        key: 'clear-0123456789abcdef',
        pressed: {
          installationId: payload.installation.id,
          id: payload.check_run.id,
          name: 'API Review',
          title: 'Pending',
          summary: payload.check_run.output.summary,
          sender: 'codebytere',
        },
      },
    });
  });

  it('clearCacheBranch clears the caches of the check suite head branch', () => {
    const decision = parse('check_run', pressed('clearCacheBranch'));
    expect(decision).toMatchObject({ kind: 'clear-caches', request: { branch: 'miniak/event-process-id' } });
  });

  it.each([
    ['another App', (p: any) => (p.check_run.check_suite.app.id = 2), 'ignoring, wrong appID'],
    ['no installation', (p: any) => delete p.installation, 'payload has no installation id'],
    [
      'clearCacheBranch without a head branch',
      (p: any) => {
        p.requested_action.identifier = 'clearCacheBranch';
        p.check_run.check_suite.head_branch = null;
      },
      'no head branch whose cache could be cleared',
    ],
  ])('ignores a press from %s', (_what, change, reason) => {
    const payload = pressed('clearCache');
    change(payload);
    expect(parse('check_run', payload)).toEqual({ kind: 'ignored', reason });
  });

  it('a branch delete clears that branch; odd names are kept exactly (they never reach a selector)', () => {
    const payload = recorded('delete', (p) => p['installation'] !== undefined);
    Object.assign(payload, { ref_type: 'branch', ref: '-my..bad..branch...name-' });
    expect(parse('delete', payload)).toEqual({
      kind: 'clear-caches',
      request: {
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        installationId: payload.installation.id,
        branch: '-my..bad..branch...name-',
        reason: 'deleted branch -my..bad..branch...name-',
        key: 'clear-0123456789abcdef',
      },
      cancel: {
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        installationId: payload.installation.id,
        branch: '-my..bad..branch...name-',
        reason: 'deleted branch -my..bad..branch...name-',
      },
    });
  });

  it('ignores tag deletes with the original text', () => {
    expect(parse('delete', recorded('delete'))).toEqual({ kind: 'ignored', reason: 'ignore tag delete event' });
  });

  it.each(['archived', 'deleted'])('a repository %s clears all its caches', (action) => {
    const payload = recorded('repository', (p) => p['action'] === 'publicized');
    payload.action = action;
    expect(parse('repository', payload)).toEqual({
      kind: 'clear-caches',
      request: {
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        reason: `${action} repository`,
        key: 'clear-0123456789abcdef',
      },
      cancel: {
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        includeDeployments: true,
        reason: `${action} repository`,
      },
    });
  });

  it.each(['renamed', 'edited', 'publicized'])('ignores repository %s with the original text', (action) => {
    const payload = recorded('repository', (p) => p['action'] === action);
    expect(parse('repository', payload)).toEqual({ kind: 'ignored', reason: `ignore repo ${action} event` });
  });

  it('keys the clear on the body: the same body is the same workflow id, another body another', () => {
    const payload = recorded('delete');
    Object.assign(payload, { ref_type: 'branch', ref: 'feature' });
    const key = (digest: string) => {
      const d = parseWebhook({ name: 'delete', deliveryId: 'x', payload, bodyDigest: digest, appId: APP });
      return d.kind === 'clear-caches' ? cacheClearWorkflowIdFor(d.request.repo, d.request.key) : '';
    };
    expect(key(DIGEST)).toBe('clear-caches/Codertocat/Hello-World/clear-0123456789abcdef');
    expect(key('f'.repeat(64))).not.toBe(key(DIGEST));
  });
});

describe('cache selection', () => {
  const settings = { managedBy: 'kube-ci', annotationPrefix: 'kube-ci.qutics.com' };
  const repo = { owner: 'My.Org', name: 'My_Repo' };
  const volume = (name: string, annotations: Record<string, string>) => ({ name, annotations });

  it('selects by managedBy, org and repo (labelSafe), plus scope=branch for a branch', () => {
    expect(cacheLabelSelector(settings, { repo })).toBe('managedBy=kube-ci,org=my-org,repo=my-repo');
    expect(cacheLabelSelector(settings, { repo, branch: 'a,b=c!=d' })).toBe(
      'managedBy=kube-ci,org=my-org,repo=my-repo,scope=branch',
    );
  });

  it('keeps only the exact branch, and never another repository that shares the labels', () => {
    const listed = [
      volume('mine', { 'kube-ci.qutics.com/branch': 'feat/x', 'kube-ci.qutics.com/repo': 'My_Repo' }),
      volume('other-branch', { 'kube-ci.qutics.com/branch': 'feat/x2' }),
      volume('no-branch', {}),
      volume('look-alike', { 'kube-ci.qutics.com/branch': 'feat/x', 'kube-ci.qutics.com/repo': 'my-repo' }),
    ];
    expect(cachesToClear(settings, { repo, branch: 'feat/x' }, listed)).toEqual(['mine']);
    expect(cachesToClear(settings, { repo }, listed)).toEqual(['mine', 'other-branch', 'no-branch']);
  });

  it('tells the presser what was deleted, or that nothing was', () => {
    expect(cacheClearedLine('octocat', ['ci-branch-a', 'ci-project-b'])).toBe(
      'Cache cleared by @octocat: deleted ci-branch-a, ci-project-b (2 volumes)',
    );
    expect(cacheClearedLine('octocat', ['ci-branch-a'])).toBe(
      'Cache cleared by @octocat: deleted ci-branch-a (1 volume)',
    );
    expect(cacheClearedLine('octocat', [])).toBe('Cache cleared by @octocat: no cache volume found');
  });

  it('puts the line under the summary, replacing the line of an earlier press', () => {
    const first = summaryWithClearedLine('Build passed', 'Cache cleared by @a: deleted x (1 volume)');
    expect(first).toBe('Build passed\n\nCache cleared by @a: deleted x (1 volume)');
    expect(summaryWithClearedLine(first, 'Cache cleared by @b: no cache volume found')).toBe(
      'Build passed\n\nCache cleared by @b: no cache volume found',
    );
    expect(summaryWithClearedLine('', 'Cache cleared: no cache volume found')).toBe(
      'Cache cleared: no cache volume found',
    );
  });
});
