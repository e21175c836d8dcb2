import type { JSONValue } from '../starlark-wasm/src/index';
import type { ChangedFiles } from '../domain/path-filter';
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
  /** the change's files, when the script reads them (activities/starlark/starlark-renderer.ts) */
  changedFiles?: ChangedFiles;
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
  if (source.changedFiles !== undefined) Object.assign(input, changedFilesFields(source.changedFiles));
  return input;
}

/**
 * `changed_files`: the paths the push or pull request changed (GitHub's compare API; a rename gives both
 * paths), `None` when there is no list (a tag, the first push of a branch, …); `changed_files_truncated`:
 * the list was cut (GitHub lists at most 300 files), so more files may have changed.
 */
function changedFilesFields(changes: ChangedFiles): Record<string, JSONValue> {
  if (changes.kind === 'absent') return { [CHANGED_FILES_FIELD]: null, changed_files_truncated: false };
  return { [CHANGED_FILES_FIELD]: [...changes.files], changed_files_truncated: changes.truncated };
}

/** The `input` field with the change's files; scripts that name it get it (activities/starlark/). */
export const CHANGED_FILES_FIELD = 'changed_files';

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
