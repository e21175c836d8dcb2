import { commitShaProblem, refNameProblem } from './github-names';
import { at, idAt, stringAt } from './payload-fields';
import type { CiTrigger, PullRequestInfo, RefTrigger, RefType, RepoDetails, TriggerSource } from './types';

/** Bounds on what a payload may carry into a run, so ids, labels and the run input stay within their limits. */
const MAX_NAME = 100;
/** longest entrypoint (check run `external_id`, deployment task) a payload may ask for */
export const MAX_ENTRYPOINT = 255;
const MAX_PULL_REQUESTS = 100;
const MAX_PR_TEXT = 2048;

/** What one event contributes to {@link baseTrigger}. */
export interface TriggerParts {
  source: TriggerSource;
  sha: string | undefined;
  branch: string | undefined;
  entrypoint: string;
  pullRequests: unknown;
}

/** The CiTrigger fields common to all events, or the reason the payload cannot start a run. */
export function baseTrigger(payload: unknown, deliveryId: string, parts: TriggerParts): CiTrigger | string {
  const trigger = triggerOf(payload, deliveryId, parts, 'branch');
  // triggerOf checked that the sha is there and well-formed
  return typeof trigger === 'string' ? trigger : { ...trigger, sha: parts.sha ?? '' };
}

/** A trigger of a tag (or branch) named by the event, whose commit is resolved later (workflows/ref-run.ts). */
export function refTrigger(
  payload: unknown,
  deliveryId: string,
  parts: Omit<TriggerParts, 'sha'> & { refType: RefType },
): RefTrigger | string {
  return triggerOf(payload, deliveryId, { ...parts, sha: null }, parts.refType);
}

function triggerOf(
  payload: unknown,
  deliveryId: string,
  parts: Omit<TriggerParts, 'sha'> & { sha: string | undefined | null },
  refType: RefType,
): RefTrigger | string {
  const owner = stringAt(payload, 'repository', 'owner', 'login');
  const repo = stringAt(payload, 'repository', 'name');
  const installationId = idAt(payload, 'installation', 'id');
  if (!owner || !repo) return 'payload has no repository owner or name';
  if (owner.length > MAX_NAME || repo.length > MAX_NAME)
    return `repository owner or name is over ${MAX_NAME} characters`;
  if (installationId === undefined) return 'payload has no installation id';
  // null: a ref trigger, whose commit is looked up later
  if (parts.sha !== null) {
    if (!parts.sha) return 'payload has no head sha';
    if (commitShaProblem(parts.sha)) return 'head sha is not a commit sha (40 hexadecimal digits)';
  }
  const what = refType === 'tag' ? 'tag' : 'head branch';
  if (!parts.branch)
    return refType === 'tag'
      ? 'payload has no tag name'
      : 'no head branch (the commit is not on a branch, e.g. a PR from a deleted fork branch)';
  const refProblem = refNameProblem(parts.branch);
  if (refProblem) return `${what} is not a git ${refType} name: it ${refProblem}`;
  const pullRequests = pullRequestsOf(parts.pullRequests);
  if (typeof pullRequests === 'string') return pullRequests;
  const sender = stringAt(payload, 'sender', 'login') ?? '';
  const repository = repositoryDetails(payload);
  return {
    source: parts.source,
    installationId,
    repo: { owner, name: repo },
    ref: parts.branch,
    refType,
    entrypoint: parts.entrypoint,
    pullRequests,
    deliveryId,
    sender: sender.length > MAX_NAME ? '' : sender,
    ...(repository ? { repository } : {}),
  };
}

/** longest URL or default branch name a payload may carry into a run; past it the run asks GitHub instead */
const MAX_REPO_FIELD = 2048;

/**
 * The payload repository's default branch and URLs, as `GET /repos/{owner}/{repo}` would give them; `undefined`
 * when one is missing or implausible, and the run reads them from GitHub as before.
 */
function repositoryDetails(payload: unknown): RepoDetails | undefined {
  const field = (key: string) => {
    const value = stringAt(payload, 'repository', key);
    return value && value.length <= MAX_REPO_FIELD ? value : undefined;
  };
  const details = {
    sshUrl: field('ssh_url'),
    gitUrl: field('git_url'),
    cloneUrl: field('clone_url'),
    defaultBranch: field('default_branch'),
    htmlUrl: field('html_url'),
  };
  if (Object.values(details).some((value) => value === undefined)) return undefined;
  if (refNameProblem(details.defaultBranch!)) return undefined;
  return details as RepoDetails;
}

/**
 * A check suite's minimal PR objects (number, head/base ref, sha and repo URL) as domain data; a full PR object
 * (a `pull_request` event) also gives `draft`, `title` and `html_url`, so the draft rule applies (G40). Entries
 * without a number are skipped as before; an implausible list refuses the event rather than dropping
 * entries, because policy decides on all of them (one fork PR refuses the run).
 */
function pullRequestsOf(value: unknown): PullRequestInfo[] | string {
  if (!Array.isArray(value)) return [];
  if (value.length > MAX_PULL_REQUESTS) return `payload lists over ${MAX_PULL_REQUESTS} pull requests`;
  const out: PullRequestInfo[] = [];
  for (const pr of value) {
    const number = idAt(pr, 'number');
    if (number === undefined) continue;
    const info: PullRequestInfo = {
      number,
      headRef: stringAt(pr, 'head', 'ref') ?? '',
      headSha: stringAt(pr, 'head', 'sha') ?? '',
      baseRef: stringAt(pr, 'base', 'ref') ?? '',
      headRepoUrl: stringAt(pr, 'head', 'repo', 'url') ?? '',
      baseRepoUrl: stringAt(pr, 'base', 'repo', 'url') ?? '',
      ...fullPullRequestFields(pr),
    };
    if (Object.values(info).some((field) => typeof field === 'string' && field.length > MAX_PR_TEXT))
      return `pull request ${number} has a field over ${MAX_PR_TEXT} characters`;
    out.push(info);
  }
  return out;
}

/** What only a full PR object has: absent fields stay absent (a minimal object is never taken for a draft). */
function fullPullRequestFields(pr: unknown): Pick<PullRequestInfo, 'draft' | 'title' | 'htmlUrl'> {
  const draft = at(pr, 'draft');
  const title = stringAt(pr, 'title');
  const htmlUrl = stringAt(pr, 'html_url');
  return {
    ...(typeof draft === 'boolean' ? { draft } : {}),
    ...(title !== undefined ? { title } : {}),
    ...(htmlUrl !== undefined ? { htmlUrl } : {}),
  };
}
