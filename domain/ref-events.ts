import { at, idAt, stringAt } from './payload-fields';
import { pushRunKey } from './push-run-key';
import type { WebhookDecision } from './webhook-event';
import { baseTrigger, refTrigger } from './webhook-trigger';

/** GitHub's merge queue pushes each merge group to a branch under this prefix. */
export const MERGE_QUEUE_PREFIX = 'gh-readonly-queue/';

/**
 * `create` (SPEC B 4.6): a tag runs the pipeline at the tag's commit when the pipeline has `runForTag` (decideRun
 * gates on it). The payload names no commit: the run goes through workflows/ref-run.ts, which resolves the tag
 * (an annotated tag is peeled to its commit, G31) and starts the CI run. Run key `tag-<body digest>`: a
 * redelivery is the same run; deleting and re-creating the tag is a new body, a new run. A new branch or
 * repository builds nothing (its push is built by its check suite).
 */
export function createEvent(payload: unknown, ctx: { deliveryId: string; key: string }): WebhookDecision {
  const refType = stringAt(payload, 'ref_type') ?? '';
  if (refType !== 'tag')
    return { kind: 'ignored', reason: `ignore ${refType} create event (its push has a check suite)` };
  const trigger = refTrigger(payload, ctx.deliveryId, {
    source: 'tag',
    refType: 'tag',
    branch: stringAt(payload, 'ref'),
    entrypoint: '',
    pullRequests: [],
  });
  if (typeof trigger === 'string') return { kind: 'ignored', reason: trigger };
  return { kind: 'start-ref-run', trigger, runKey: `tag-${ctx.key}` };
}

/**
 * `merge_group` (issue 8): `checks_requested` runs the pipeline on the merge group's commit (`head_sha`) on its
 * queue branch (`gh-readonly-queue/<base>/pr-…`), so kube-ci's check can be required in a merge queue. Policy: an
 * automatic run, so `runForBranch` applies, and `buildBranches` is matched against the branch the queue merges
 * into (`base_ref`), as for a pull request; the draft and fork rules do not apply (only PRs that may merge enter
 * the queue). Run key: the push key of the queue branch. `destroyed` (merged, invalidated, dequeued) cancels the
 * group's running runs.
 */
export function mergeGroupEvent(payload: unknown, ctx: { deliveryId: string }): WebhookDecision {
  const action = stringAt(payload, 'action') ?? '';
  const group = at(payload, 'merge_group');
  const branch = withoutHeads(stringAt(group, 'head_ref'));
  if (action === 'destroyed') {
    const owner = stringAt(payload, 'repository', 'owner', 'login');
    const name = stringAt(payload, 'repository', 'name');
    if (!owner || !name) return { kind: 'ignored', reason: 'payload has no repository owner or name' };
    if (!branch) return { kind: 'ignored', reason: 'merge group has no head_ref' };
    const installationId = idAt(payload, 'installation', 'id');
    const reason = `merge group ${branch} destroyed (${stringAt(payload, 'reason') ?? 'no reason given'})`;
    return {
      kind: 'cancel-runs',
      selector: { repo: { owner, name }, ...(installationId !== undefined ? { installationId } : {}), branch, reason },
    };
  }
  if (action !== 'checks_requested') return { kind: 'ignored', reason: `ignore merge_group ${action} event` };
  const baseRef = withoutHeads(stringAt(group, 'base_ref'));
  if (!baseRef) return { kind: 'ignored', reason: 'merge group has no base_ref' };
  const trigger = baseTrigger(payload, ctx.deliveryId, {
    source: 'merge_group',
    sha: stringAt(group, 'head_sha'),
    branch,
    entrypoint: '',
    pullRequests: [],
  });
  if (typeof trigger === 'string') return { kind: 'ignored', reason: trigger };
  trigger.mergeGroup = { baseRef };
  return { kind: 'start-run', trigger, runKey: pushRunKey(trigger.ref) };
}

function withoutHeads(ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}
