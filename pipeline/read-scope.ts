/**
 * Which repositories a pipeline may read through `github://` loads and `loadFile()` (issue "Safe to
 * expose", item 3). Pure: no I/O. The run's own repository is always readable; beyond it, an allow-list of
 * `owner/repo` and `owner/*` entries, where the owner `{owner}` stands for the owner of the run's
 * repository. The default, `{owner}/*`, is every repository of the same owner (user or organisation).
 * Written down with examples in pipeline/README.md; test/pipeline/read-scope.test.ts checks them.
 */

/** Stands for the owner of the repository being built, in an allow-list entry. */
export const SAME_OWNER = '{owner}';

/** The default allow-list: every repository of the run's own owner. */
export const DEFAULT_GITHUB_REPOS: readonly string[] = [`${SAME_OWNER}/*`];

/** Where the allow-list is set, for error messages. */
export const GITHUB_REPOS_SETTING = 'KUBECI_STARLARK_GITHUB_REPOS / starlark.githubRepos';

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

export interface RepoName {
  owner: string;
  repo: string;
}

/** Why `entry` is not an allow-list entry, or undefined when it is one. */
export function githubRepoEntryProblem(entry: string): string | undefined {
  const parts = entry.split('/');
  if (parts.length !== 2) return "write owner/repo or owner/* (the owner {owner} means the run's own owner)";
  const [owner = '', repo = ''] = parts;
  if (owner !== SAME_OWNER && !OWNER.test(owner)) return `invalid owner "${owner}"`;
  if (repo !== '*' && (!REPO.test(repo) || repo === '.' || repo === '..'))
    return `invalid repository "${repo}" (a name, or * for every repository of the owner)`;
  return undefined;
}

/** The entries with `{owner}` replaced by the run's owner, as they apply to this run. */
export function effectiveEntries(origin: RepoName, entries: readonly string[]): string[] {
  return entries.map((entry) =>
    entry.startsWith(`${SAME_OWNER}/`) ? origin.owner + entry.slice(SAME_OWNER.length) : entry,
  );
}

/** Whether a run of `origin` may read `target`. GitHub names are case-insensitive, and so is the match. */
export function mayReadRepository(target: RepoName, origin: RepoName, entries: readonly string[]): boolean {
  if (same(target.owner, origin.owner) && same(target.repo, origin.repo)) return true;
  return effectiveEntries(origin, entries).some((entry) => {
    const [owner = '', repo = ''] = entry.split('/');
    return same(owner, target.owner) && (repo === '*' || same(repo, target.repo));
  });
}

/**
 * The message of a refused read: the repository, what is allowed and where that is set. The engine puts the
 * name as written in front (`cannot load NAME: …`, `could not open file NAME: …`).
 */
export function readRefusal(target: RepoName, origin: RepoName, entries: readonly string[]): string {
  const allowed = [`${origin.owner}/${origin.repo} (this repository)`, ...effectiveEntries(origin, entries)];
  return (
    `repository ${target.owner}/${target.repo} is outside the repositories this pipeline may read ` +
    `(allowed: ${allowed.join(', ')}; setting ${GITHUB_REPOS_SETTING})`
  );
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
