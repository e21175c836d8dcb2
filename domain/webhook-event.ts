import { at, numberAt, stringAt } from './payload-fields';
import { DEFAULT_CHECK_RUN_NAME } from './run-decision';
import type { CiTrigger, PullRequestInfo, TriggerSource } from './types';

/** One webhook delivery, its body already verified and parsed. */
export interface WebhookDelivery {
  /** `X-GitHub-Event` */
  name: string;
  /** `X-GitHub-Delivery` (kept by GitHub on redelivery) */
  deliveryId: string;
  payload: unknown;
  /** our GitHub App id; check suites and runs of other Apps are not ours */
  appId: number;
}

/**
 * What the API does with a delivery: start a run (`runKey` goes into the workflow id, see
 * `workflowIdFor`) or answer 200 with the reason.
 */
export type WebhookDecision =
  { kind: 'start-run'; trigger: CiTrigger; runKey: string } | { kind: 'ignored'; reason: string };

const WRONG_APP = 'ignoring, wrong appID';

/**
 * `webhook.go: webhookPayload` (SPEC B §4) for the events that start runs: `check_suite`
 * (requested, rerequested), `check_run` (rerequested, requested_action `run`) and `ping`.
 * Reasons for ignored events are the original's reply texts where it had one.
 *
 * Differences from the original: the owner is `repository.owner.login`, so user-owned repositories
 * work (G14); a missing `head_branch` or installation is ignored with a reason instead of a panic
 * (G15); re-running a check run re-runs that check run's entrypoint (its `external_id`) unless it is
 * the `Default Workflow` check run (G41).
 */
export function parseWebhook({ name, deliveryId, payload, appId }: WebhookDelivery): WebhookDecision {
  switch (name) {
    case 'check_suite':
      return checkSuite(payload, deliveryId, appId);
    case 'check_run':
      return checkRun(payload, deliveryId, appId);
    case 'ping':
      return { kind: 'ignored', reason: 'pong' };
    default:
      return { kind: 'ignored', reason: `unknown event type ${name}` };
  }
}

function checkSuite(payload: unknown, deliveryId: string, appId: number): WebhookDecision {
  if (numberAt(payload, 'check_suite', 'app', 'id') !== appId) return { kind: 'ignored', reason: WRONG_APP };
  const action = stringAt(payload, 'action');
  if (action === 'completed') return { kind: 'ignored', reason: 'OK' };
  if (action !== 'requested' && action !== 'rerequested')
    return { kind: 'ignored', reason: 'unknown checksuite action ignored' };
  const suite = at(payload, 'check_suite');
  const suiteId = numberAt(suite, 'id');
  const source: TriggerSource = action === 'requested' ? 'check_suite' : 'check_suite_rerequested';
  const trigger = baseTrigger(payload, deliveryId, {
    source,
    sha: stringAt(suite, 'head_sha'),
    branch: stringAt(suite, 'head_branch'),
    entrypoint: '',
    pullRequests: at(suite, 'pull_requests'),
  });
  if (typeof trigger === 'string') return { kind: 'ignored', reason: trigger };
  if (suiteId !== undefined) trigger.checkSuiteId = suiteId;
  // A redelivered `requested` maps onto the same run; a re-request is a new click, a new run.
  const runKey = action === 'requested' ? `suite-${suiteId ?? deliveryId}` : `rerun-${deliveryId}`;
  return { kind: 'start-run', trigger, runKey };
}

function checkRun(payload: unknown, deliveryId: string, appId: number): WebhookDecision {
  if (numberAt(payload, 'check_run', 'check_suite', 'app', 'id') !== appId)
    return { kind: 'ignored', reason: WRONG_APP };
  const action = stringAt(payload, 'action');
  if (action === 'created' || action === 'completed') return { kind: 'ignored', reason: 'OK' };
  let source: TriggerSource;
  if (action === 'rerequested') source = 'check_run_rerequested';
  else if (action === 'requested_action') {
    const identifier = stringAt(payload, 'requested_action', 'identifier') ?? '';
    if (identifier !== 'run') {
      const known = ['skip', 'clearCache', 'clearCacheBranch'].includes(identifier);
      return {
        kind: 'ignored',
        reason: known ? `requested action ${identifier} is not handled here` : 'unrecognized task',
      };
    }
    source = 'check_run_action';
  } else return { kind: 'ignored', reason: 'unknown checkrun action ignored' };

  const run = at(payload, 'check_run');
  const externalId = stringAt(run, 'external_id') ?? '';
  const isDefault = stringAt(run, 'name') === DEFAULT_CHECK_RUN_NAME;
  const trigger = baseTrigger(payload, deliveryId, {
    source,
    sha: stringAt(run, 'head_sha'),
    branch: stringAt(run, 'check_suite', 'head_branch'),
    entrypoint: isDefault ? '' : externalId,
    pullRequests: at(run, 'check_suite', 'pull_requests'),
  });
  if (typeof trigger === 'string') return { kind: 'ignored', reason: trigger };
  const suiteId = numberAt(run, 'check_suite', 'id');
  if (suiteId !== undefined) trigger.checkSuiteId = suiteId;
  return { kind: 'start-run', trigger, runKey: `${source === 'check_run_action' ? 'action' : 'rerun'}-${deliveryId}` };
}

interface TriggerParts {
  source: TriggerSource;
  sha: string | undefined;
  branch: string | undefined;
  entrypoint: string;
  pullRequests: unknown;
}

/** The CiTrigger fields common to all events, or the reason the payload cannot start a run. */
function baseTrigger(payload: unknown, deliveryId: string, parts: TriggerParts): CiTrigger | string {
  const owner = stringAt(payload, 'repository', 'owner', 'login');
  const repo = stringAt(payload, 'repository', 'name');
  const installationId = numberAt(payload, 'installation', 'id');
  if (!owner || !repo) return 'payload has no repository owner or name';
  if (installationId === undefined) return 'payload has no installation id';
  if (!parts.sha) return 'payload has no head sha';
  if (!parts.branch) return 'no head branch (the commit is not on a branch, e.g. a PR from a deleted fork branch)';
  return {
    source: parts.source,
    installationId,
    repo: { owner, name: repo },
    sha: parts.sha,
    ref: parts.branch,
    refType: 'branch',
    entrypoint: parts.entrypoint,
    pullRequests: Array.isArray(parts.pullRequests) ? parts.pullRequests.flatMap(minimalPullRequest) : [],
    deliveryId,
    sender: stringAt(payload, 'sender', 'login') ?? '',
  };
}

/** A check suite's minimal PR object (number, head/base ref, sha and repo URL) as domain data. */
function minimalPullRequest(pr: unknown): PullRequestInfo[] {
  const number = numberAt(pr, 'number');
  if (number === undefined) return [];
  return [
    {
      number,
      headRef: stringAt(pr, 'head', 'ref') ?? '',
      headSha: stringAt(pr, 'head', 'sha') ?? '',
      baseRef: stringAt(pr, 'base', 'ref') ?? '',
      headRepoUrl: stringAt(pr, 'head', 'repo', 'url') ?? '',
      baseRepoUrl: stringAt(pr, 'base', 'repo', 'url') ?? '',
    },
  ];
}
