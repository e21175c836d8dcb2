import type { JSONValue } from '../starlark-wasm/src/index';
import type { PullRequestInfo, RefType, RepoInfo } from '../domain/types';

/** What a script sees as `input` (SPEC B 6.2, fixed per G55). */
export interface StarlarkInputSource {
  ref: string;
  refType: RefType;
  sha: string;
  /** the requested entrypoint, '' for a default run */
  entrypoint: string;
  pullRequests: PullRequestInfo[];
  /** GitHub's repository object when the caller has it (CLI with a payload); otherwise built from `repoInfo` */
  repository?: Record<string, JSONValue>;
  repoInfo: RepoInfo;
  /** the webhook payload, when there is one */
  event?: Record<string, JSONValue>;
}

/**
 * Builds the `input` struct. JSON values go in unchanged: nulls become None and integral numbers stay
 * ints (the engine's conversion), so nothing here can fail (G55). `pull_requests` and `entrypoint` are
 * new: they use GitHub's field names so code written against webhook payloads reads them the same way.
 */
export function buildStarlarkInput(source: StarlarkInputSource): Record<string, JSONValue> {
  const input: Record<string, JSONValue> = {
    ref: source.ref,
    ref_type: source.refType,
    sha: source.sha,
    repo: source.repository ?? repositoryDict(source.repoInfo),
    entrypoint: source.entrypoint,
    pull_requests: source.pullRequests.map(pullRequestDict),
  };
  if (source.event !== undefined) input['event'] = source.event;
  return input;
}

/** The fields of GitHub's repository object that kube-ci knows, under GitHub's names. */
export function repositoryDict(repo: RepoInfo): Record<string, JSONValue> {
  return {
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: { login: repo.owner },
    ssh_url: repo.sshUrl,
    git_url: repo.gitUrl,
    clone_url: repo.cloneUrl,
    html_url: repo.htmlUrl,
    default_branch: repo.defaultBranch,
  };
}

function pullRequestDict(pr: PullRequestInfo): Record<string, JSONValue> {
  return {
    number: pr.number,
    title: pr.title ?? null,
    html_url: pr.htmlUrl ?? null,
    draft: pr.draft ?? false,
    head: { ref: pr.headRef, sha: pr.headSha, repo: { url: pr.headRepoUrl } },
    base: { ref: pr.baseRef, repo: { url: pr.baseRepoUrl } },
  };
}
