import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
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

describe('parseWebhook: create, delete, repository (ref-events.ts, lifecycle-events.ts)', () => {
  it('runs a created tag through a ref run (no sha in the payload), keyed on the body', () => {
    const payload = recorded('create', undefined, (p) => p.ref_type === 'tag');
    const decision = parse('create', payload);
    expect(decision).toMatchObject({
      kind: 'start-ref-run',
      runKey: 'tag-0123456789abcdef',
      trigger: { source: 'tag', refType: 'tag', ref: 'simple-tag', entrypoint: '', pullRequests: [] },
    });
    expect(decision.kind === 'start-ref-run' && 'sha' in decision.trigger).toBe(false);
  });

  it.each(['branch', 'repository'])('builds nothing for a created %s', (refType) => {
    const payload = recorded('create', undefined, (p) => p.ref_type === 'tag');
    payload.ref_type = refType;
    expect(parse('create', payload)).toEqual({
      kind: 'ignored',
      reason: `ignore ${refType} create event (its push has a check suite)`,
    });
  });

  it('ignores a create without a tag name (G15)', () => {
    const payload = recorded('create', undefined, (p) => p.ref_type === 'tag');
    payload.ref = null;
    expect(parse('create', payload)).toEqual({ kind: 'ignored', reason: 'payload has no tag name' });
  });

  it('ignores a tag name git would refuse', () => {
    const payload = recorded('create', undefined, (p) => p.ref_type === 'tag');
    payload.ref = 'a..b';
    expect(parse('create', payload)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/^tag is not/) });
  });

  it('clears a deleted branch’s caches and cancels its running runs, deployments left alone', () => {
    const payload = recorded('delete', undefined, (p) => p.ref_type === 'tag');
    Object.assign(payload, { ref_type: 'branch', ref: 'feature/x' });
    expect(parse('delete', payload)).toMatchObject({
      kind: 'clear-caches',
      request: { branch: 'feature/x' },
      cancel: {
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        branch: 'feature/x',
        reason: 'deleted branch feature/x',
      },
    });
    const decision = parse('delete', payload);
    expect(decision.kind === 'clear-caches' && decision.cancel?.includeDeployments).toBeFalsy();
  });

  it('keeps ignoring tag deletes', () => {
    expect(
      parse(
        'delete',
        recorded('delete', undefined, (p) => p.ref_type === 'tag'),
      ),
    ).toEqual({
      kind: 'ignored',
      reason: 'ignore tag delete event',
    });
  });

  it.each(['deleted', 'archived'])('cancels every run of a %s repository, deployments too', (action) => {
    const payload = recorded('repository', 'publicized');
    payload.action = action;
    expect(parse('repository', payload)).toMatchObject({
      kind: 'clear-caches',
      cancel: { repo: { owner: 'Codertocat', name: 'Hello-World' }, includeDeployments: true },
    });
    const decision = parse('repository', payload);
    expect(decision.kind === 'clear-caches' && decision.cancel?.branch).toBeUndefined();
  });
});

describe('parseWebhook: merge_group', () => {
  it('runs the merge group commit on its queue branch, policy on the base branch', () => {
    const payload = recorded('merge_group', 'checks_requested');
    expect(parse('merge_group', payload)).toMatchObject({
      kind: 'start-run',
      runKey: 'push-gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64',
      trigger: {
        source: 'merge_group',
        sha: payload.merge_group.head_sha,
        ref: 'gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64',
        mergeGroup: { baseRef: 'main' },
        pullRequests: [],
      },
    });
  });

  it('leaves the queue branch’s check suite to the merge_group event', () => {
    const suite = recorded('check_suite', 'requested', (p) => p.installation !== undefined);
    suite.check_suite.head_branch = 'gh-readonly-queue/main/pr-1-abc';
    expect(parse('check_suite', suite)).toEqual({
      kind: 'ignored',
      reason: 'merge queue branch: its merge_group event starts the run',
    });
  });

  it('cancels the runs of a destroyed merge group', () => {
    const payload = recorded('merge_group', 'checks_requested');
    Object.assign(payload, { action: 'destroyed', reason: 'dequeued' });
    expect(parse('merge_group', payload)).toMatchObject({
      kind: 'cancel-runs',
      selector: {
        branch: payload.merge_group.head_ref.replace('refs/heads/', ''),
        reason: expect.stringContaining('dequeued'),
      },
    });
  });
});

describe('parseWebhook: acknowledged events', () => {
  it.each([
    ['installation', 'created'],
    ['installation', 'deleted'],
    ['installation_repositories', 'added'],
  ])('acknowledges %s %s with a reason', (name, action) => {
    expect(parse(name, recorded(name, action))).toEqual({
      kind: 'ignored',
      reason: `${name} ${action} acknowledged: nothing to do, tokens are minted when needed`,
    });
  });

  it('answers ping', () => {
    expect(parse('ping', recorded('ping'))).toEqual({ kind: 'ignored', reason: 'pong' });
  });
});
