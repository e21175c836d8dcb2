import type { ForkNoticeAction } from './fork-notice';
import { at, idAt, stringAt } from './payload-fields';
import { pushedAtOf, pushRunKey } from './push-run-key';
import type { WebhookDecision } from './webhook-event';
import { baseTrigger } from './webhook-trigger';

/** The actions that build the pull request's head (G40); `closed` cancels, every other action is ignored. */
const RUN_ACTIONS: ReadonlySet<string> = new Set(['opened', 'reopened', 'ready_for_review', 'synchronize']);

/** The answer to a fork PR whose fork was deleted: nothing can build it, so the PR is not told (no `fork-notice`). */
export const FORK_REASON =
  'pull request from a fork: it runs only after an authorised `/kube-ci ok-to-test` (or `/kube-ci run`)';

/**
 * `pull_request` (issue 8, SPEC A2/G40): opened, reopened, ready_for_review and synchronize build the PR's head
 * with the PR's parameters, taken from the full PR object (so `draft` reaches the policy and `buildDraftPRs`
 * works); `closed` cancels the PR's running runs. A PR from a fork (head repository ≠ base repository, or a
 * deleted head repository) is never built automatically: its event becomes a `fork-notice` (domain/fork-notice.ts),
 * which tells the PR, once per head commit, that `/kube-ci ok-to-test` approves it; a deleted fork's is ignored.
 *
 * Run keys:
 * - `synchronize` is a push: its key is the push key (`push-<branch>`, domain/push-run-key.ts), the same one the
 *   push's `check_suite.requested` uses, so whichever of the two GitHub delivers first starts the run and the
 *   other finds it (`started: false`). One push is exactly one run, in either order.
 * - `opened`, `reopened` and `ready_for_review` are not pushes: the commit usually ran already, without PR
 *   parameters (a branch pushed before its PR was opened, G40), or not at all (a draft that is now ready). They
 *   start a run of their own, `pr-<action>-<body digest>` (a redelivery is the same body), which supersedes the
 *   commit's push run if that is still running (domain/supersede.ts: same commit, later start). Opening a PR
 *   seconds after pushing can therefore build the commit twice, the first run cancelled: the price of giving
 *   every PR its parameters without asking GitHub which runs exist.
 * Never throws.
 */
export function pullRequestEvent(payload: unknown, ctx: { deliveryId: string; key: string }): WebhookDecision {
  const action = stringAt(payload, 'action') ?? '';
  const pr = at(payload, 'pull_request');
  const number = idAt(pr, 'number') ?? idAt(payload, 'number');
  if (action === 'closed') return closed(payload, number);
  if (!RUN_ACTIONS.has(action)) return { kind: 'ignored', reason: `ignore pull_request ${action} event` };
  if (typeof pr !== 'object' || pr === null || number === undefined)
    return { kind: 'ignored', reason: 'payload has no pull request number' };
  const headRepo = at(pr, 'head', 'repo');
  if (typeof headRepo !== 'object' || headRepo === null) return { kind: 'ignored', reason: FORK_REASON };
  const trigger = baseTrigger(payload, ctx.deliveryId, {
    source: 'pull_request',
    sha: stringAt(pr, 'head', 'sha'),
    branch: stringAt(pr, 'head', 'ref'),
    entrypoint: '',
    pullRequests: [pr],
  });
  if (typeof trigger === 'string') return { kind: 'ignored', reason: trigger };
  if (isFork(pr)) {
    const { installationId, repo, sha } = trigger;
    const notice = { installationId, repo, pullRequest: number, sha, action: action as ForkNoticeAction };
    return { kind: 'fork-notice', notice };
  }
  const pushedAt = pushedAtOf(stringAt(pr, 'updated_at'));
  if (pushedAt) trigger.pushedAt = pushedAt;
  const runKey = action === 'synchronize' ? pushRunKey(trigger.ref) : `pr-${action}-${ctx.key}`;
  return { kind: 'start-run', trigger, runKey };
}

/** Head repository other than the base, or gone (a deleted fork: `head.repo` is null). */
function isFork(pr: unknown): boolean {
  const head = at(pr, 'head', 'repo');
  if (typeof head !== 'object' || head === null) return true;
  const headId = idAt(head, 'id');
  const baseId = idAt(pr, 'base', 'repo', 'id');
  if (headId !== undefined && baseId !== undefined) return headId !== baseId;
  return stringAt(head, 'full_name') !== stringAt(pr, 'base', 'repo', 'full_name');
}

function closed(payload: unknown, number: number | undefined): WebhookDecision {
  const owner = stringAt(payload, 'repository', 'owner', 'login');
  const name = stringAt(payload, 'repository', 'name');
  if (!owner || !name) return { kind: 'ignored', reason: 'payload has no repository owner or name' };
  if (number === undefined) return { kind: 'ignored', reason: 'payload has no pull request number' };
  const installationId = idAt(payload, 'installation', 'id');
  return {
    kind: 'cancel-runs',
    selector: {
      repo: { owner, name },
      ...(installationId !== undefined ? { installationId } : {}),
      pullRequest: number,
      reason: `pull request #${number} closed`,
    },
  };
}
