import { branchDeleted, clearCachePressed, repositoryChanged, type CacheClearRequest } from './cache-clear-event';
import { commentCommandEvent, type CommentCommandRequest } from './comment-command-event';
import { deploymentEvent } from './deployment-event';
import type { ForkNotice } from './fork-notice';
import { at, idAt, numberAt, stringAt } from './payload-fields';
import { acknowledged, withCancel } from './lifecycle-events';
import { ownerRunOfCheckRun } from './owner-run';
import { pullRequestEvent } from './pull-request-event';
import { pushedAtOf, pushRunKey } from './push-run-key';
import { createEvent, MERGE_QUEUE_PREFIX, mergeGroupEvent } from './ref-events';
import { DEFAULT_CHECK_RUN_NAME } from './run-decision';
import type { RunSelector } from './run-selector';
import type { CiTrigger, RefTrigger, TriggerSource } from './types';
import { baseTrigger, MAX_ENTRYPOINT } from './webhook-trigger';

/** One webhook delivery, its body already verified and parsed. */
export interface WebhookDelivery {
  /** `X-GitHub-Event` */
  name: string;
  /** `X-GitHub-Delivery` (kept by GitHub on redelivery) */
  deliveryId: string;
  payload: unknown;
  /**
   * Hex digest of the raw, verified body (the API computes SHA-256). Explicit re-runs are keyed on it: a
   * redelivery or a replay of the same signed body finds the same run, a new click (a new body) is new.
   */
  bodyDigest: string;
  /** our GitHub App id; check suites and runs of other Apps are not ours */
  appId: number;
}

/** What the API does with a delivery (a run's `runKey` goes into its workflow id, `workflowIdFor`). */
export { ownerRunOfCheckRun };

export type WebhookDecision =
  | { kind: 'start-run'; trigger: CiTrigger; runKey: string }
  /** a run of a ref whose commit is resolved first (a tag's `create`): workflows/ref-run.ts */
  | { kind: 'start-ref-run'; trigger: RefTrigger; runKey: string }
  | { kind: 'manual-step'; press: ManualStepPress }
  /** `cancel`: the running runs of the deleted branch or repository are cancelled too */
  | { kind: 'clear-caches'; request: CacheClearRequest; cancel?: RunSelector }
  | { kind: 'cancel-runs'; selector: RunSelector }
  | { kind: 'comment-command'; request: CommentCommandRequest }
  | { kind: 'fork-notice'; notice: ForkNotice }
  | { kind: 'ignored'; reason: string };

/** A Run or Skip press on a manual step's check run (SPEC B 4.5, 13.6). */
export interface ManualStepPress {
  action: 'run' | 'skip';
  /** the run of the step a Run press starts: entrypoint = the check run's `external_id` (the template) */
  trigger: CiTrigger;
  checkRun: {
    id: number;
    name: string;
    /** `action_required`: an essential step, whose check run turns `success` when its run succeeds */
    essential: boolean;
    /** the run that offered the step, from the check run's details URL (ownerRunOfCheckRun) */
    ownerWorkflowId?: string;
  };
  /** `action-<body digest>`: the same press delivered twice is one press */
  clickKey: string;
}

const WRONG_APP = 'ignoring, wrong appID';
/** hex digits of the body digest in a run key: 64 bits, within one repository, commit and entrypoint */
const DIGEST_CHARS = 16;

/**
 * `webhook.go: webhookPayload` (SPEC B §4) for the events that start runs: `check_suite`
 * (requested, rerequested), `check_run` (rerequested, requested_action `run`/`skip`), `pull_request`
 * (pull-request-event.ts), `create` of a tag and `merge_group` (ref-events.ts), `deployment`
 * (deployment-event.ts); for those that clear caches (domain/cache-clear-event.ts) and cancel the runs of what
 * went away: the Clear Cache buttons, `delete` of a branch and `repository` deleted/archived; and `ping`,
 * `installation`, `installation_repositories`, acknowledged with a reason.
 * Reasons for ignored events are the original's reply texts where it had one.
 *
 * Differences from the original: the owner is `repository.owner.login`, so user-owned repositories
 * work (G14); a missing `head_branch` or installation is ignored with a reason instead of a panic
 * (G15); re-running a check run re-runs that check run's entrypoint (its `external_id`) unless it is
 * the `Default Workflow` check run (G41); explicit re-runs are keyed on the body, not the delivery id, so a
 * replayed body cannot start more runs; fields a real GitHub payload never has (a sha that is not 40 hex
 * digits, a branch git would refuse, names over 100 characters, over 100 pull requests) are ignored with
 * the reason. Never throws, whatever the payload's shape.
 */
export function parseWebhook({ name, deliveryId, payload, bodyDigest, appId }: WebhookDelivery): WebhookDecision {
  const key = bodyDigest.slice(0, DIGEST_CHARS);
  switch (name) {
    case 'check_suite':
      return checkSuite(payload, { deliveryId, key, appId });
    case 'check_run':
      return checkRun(payload, { deliveryId, key, appId });
    case 'pull_request':
      return pullRequestEvent(payload, { deliveryId, key });
    case 'create':
      return createEvent(payload, { deliveryId, key });
    case 'merge_group':
      return mergeGroupEvent(payload, { deliveryId });
    case 'delete':
      return withCancel(branchDeleted(payload, key), false);
    case 'repository':
      return withCancel(repositoryChanged(payload, key), true);
    case 'deployment':
      return deploymentEvent(payload, { deliveryId, appId });
    case 'issue_comment':
    case 'issues':
      return commentCommandEvent(name, payload, deliveryId);
    case 'ping':
      return { kind: 'ignored', reason: 'pong' };
    case 'installation':
    case 'installation_repositories':
      return acknowledged(name, payload);
    default:
      return { kind: 'ignored', reason: `unknown event type ${name}` };
  }
}

interface Context {
  deliveryId: string;
  /** the body digest, shortened for run keys */
  key: string;
  appId: number;
}

function checkSuite(payload: unknown, { deliveryId, key, appId }: Context): WebhookDecision {
  if (numberAt(payload, 'check_suite', 'app', 'id') !== appId) return { kind: 'ignored', reason: WRONG_APP };
  const action = stringAt(payload, 'action');
  if (action === 'completed') return { kind: 'ignored', reason: 'OK' };
  if (action !== 'requested' && action !== 'rerequested')
    return { kind: 'ignored', reason: 'unknown checksuite action ignored' };
  const suite = at(payload, 'check_suite');
  // The merge_group event builds these, with the policy of the branch the queue merges into (ref-events.ts).
  if (action === 'requested' && stringAt(suite, 'head_branch')?.startsWith(MERGE_QUEUE_PREFIX))
    return { kind: 'ignored', reason: 'merge queue branch: its merge_group event starts the run' };
  const suiteId = idAt(suite, 'id');
  if (suiteId === undefined) return { kind: 'ignored', reason: 'payload has no check suite id' };
  const source: TriggerSource = action === 'requested' ? 'check_suite' : 'check_suite_rerequested';
  const trigger = baseTrigger(payload, deliveryId, {
    source,
    sha: stringAt(suite, 'head_sha'),
    branch: stringAt(suite, 'head_branch'),
    entrypoint: '',
    pullRequests: at(suite, 'pull_requests'),
  });
  if (typeof trigger === 'string') return { kind: 'ignored', reason: trigger };
  trigger.checkSuiteId = suiteId;
  const pushedAt = pushedAtOf(stringAt(suite, 'created_at'));
  if (pushedAt) trigger.pushedAt = pushedAt;
  // `requested` is a push: the push key, shared with the push's pull_request.synchronize (push-run-key.ts), so a
  // redelivery or the PR event maps onto the same run; a re-request is a new click (a new body), a new run.
  const runKey = action === 'requested' ? pushRunKey(trigger.ref) : `rerun-${key}`;
  return { kind: 'start-run', trigger, runKey };
}

function checkRun(payload: unknown, { deliveryId, key, appId }: Context): WebhookDecision {
  if (numberAt(payload, 'check_run', 'check_suite', 'app', 'id') !== appId)
    return { kind: 'ignored', reason: WRONG_APP };
  const action = stringAt(payload, 'action');
  if (action === 'created' || action === 'completed') return { kind: 'ignored', reason: 'OK' };
  let source: TriggerSource;
  let press: 'run' | 'skip' | undefined;
  if (action === 'rerequested') source = 'check_run_rerequested';
  else if (action === 'requested_action') {
    const identifier = stringAt(payload, 'requested_action', 'identifier') ?? '';
    if (identifier === 'clearCache' || identifier === 'clearCacheBranch')
      return clearCachePressed(payload, identifier, key);
    if (identifier !== 'run' && identifier !== 'skip') return { kind: 'ignored', reason: 'unrecognized task' };
    press = identifier;
    source = 'check_run_action';
  } else return { kind: 'ignored', reason: 'unknown checkrun action ignored' };

  const run = at(payload, 'check_run');
  const externalId = stringAt(run, 'external_id') ?? '';
  if (externalId.length > MAX_ENTRYPOINT)
    return { kind: 'ignored', reason: `check run external_id is over ${MAX_ENTRYPOINT} characters` };
  const isDefault = stringAt(run, 'name') === DEFAULT_CHECK_RUN_NAME;
  const trigger = baseTrigger(payload, deliveryId, {
    source,
    sha: stringAt(run, 'head_sha'),
    branch: stringAt(run, 'check_suite', 'head_branch'),
    entrypoint: isDefault ? '' : externalId,
    pullRequests: at(run, 'check_suite', 'pull_requests'),
  });
  if (typeof trigger === 'string') return { kind: 'ignored', reason: trigger };
  const suiteId = idAt(run, 'check_suite', 'id');
  if (suiteId !== undefined) trigger.checkSuiteId = suiteId;
  // the suite's creation: when the commit was pushed, so re-running an old commit never supersedes a newer one
  const pushedAt = pushedAtOf(stringAt(run, 'check_suite', 'created_at'));
  if (pushedAt) trigger.pushedAt = pushedAt;
  if (!press) return { kind: 'start-run', trigger, runKey: `rerun-${key}` };
  const checkRunId = idAt(run, 'id');
  if (checkRunId === undefined) return { kind: 'ignored', reason: 'payload has no check run id' };
  const owner = ownerRunOfCheckRun(stringAt(run, 'details_url') ?? '', trigger);
  const checkRun = {
    id: checkRunId,
    name: stringAt(run, 'name') ?? '',
    essential: stringAt(run, 'conclusion') === 'action_required',
    ...(owner ? { ownerWorkflowId: owner } : {}),
  };
  return { kind: 'manual-step', press: { action: press, trigger, checkRun, clickKey: `action-${key}` } };
}
