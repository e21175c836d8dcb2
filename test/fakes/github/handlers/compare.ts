import { example, nodeId } from '../templates';
import type { CommitState, RepoState } from '../state';
import { notFound, repoApiUrl, repoHtmlUrl, repoOf, type Handler, type HandlerContext } from './context';

/** GitHub lists at most this many files in one comparison, silently (REST docs, "Compare two commits"). */
export const COMPARE_MAX_FILES = 300;

/**
 * GET compare/{base}...{head}, three-dot as GitHub: the files changed from the merge base to `head` (a file
 * whose exact content moved is `renamed` with `previous_filename`), at most 300 of them and only on the first
 * page; `commits` are those reachable from `head` but not from `base`, paged by `per_page`/`page`. No common
 * history: 404, as GitHub answers. https://docs.github.com/en/rest/commits/commits#compare-two-commits
 */
export const compareCommits: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const [baseRef, headRef, extra] = (ctx.params.basehead ?? '').split('...');
  if (!repo || baseRef === undefined || headRef === undefined || extra !== undefined) return notFound();
  const base = ctx.state.resolveCommit(repo, baseRef);
  const head = ctx.state.resolveCommit(repo, headRef);
  if (!base || !head) return notFound();
  const fromBase = ancestors(repo, base.sha);
  const fromHead = ancestors(repo, head.sha);
  const mergeBase = [...fromHead].find((sha) => fromBase.has(sha));
  if (!mergeBase)
    return { status: 404, body: { message: `No common ancestor between ${baseRef} and ${headRef}.`, status: '404' } };
  const ahead = [...fromHead].filter((sha) => !fromBase.has(sha)).reverse();
  const behind = [...fromBase].filter((sha) => !fromHead.has(sha));
  const paged = ctx.query.per_page !== undefined || ctx.query.page !== undefined;
  const perPage = Number(ctx.query.per_page ?? (paged ? 30 : 250));
  const page = Number(ctx.query.page ?? 1);
  const commits = ahead.slice((page - 1) * perPage, page * perPage).map((sha) => commitBody(ctx, repo, sha));
  const files = page === 1 ? diff(ctx, repo, repo.commits.get(mergeBase)!, head).slice(0, COMPARE_MAX_FILES) : [];
  const body = example('commit-comparison');
  const api = repoApiUrl(ctx, repo);
  const html = repoHtmlUrl(ctx, repo);
  Object.assign(body, {
    url: `${api}/compare/${baseRef}...${headRef}`,
    html_url: `${html}/compare/${baseRef}...${headRef}`,
    permalink_url: `${html}/compare/${base.sha}...${head.sha}`,
    diff_url: `${html}/compare/${baseRef}...${headRef}.diff`,
    patch_url: `${html}/compare/${baseRef}...${headRef}.patch`,
    base_commit: commitBody(ctx, repo, base.sha),
    merge_base_commit: commitBody(ctx, repo, mergeBase),
    status:
      ahead.length && behind.length ? 'diverged' : ahead.length ? 'ahead' : behind.length ? 'behind' : 'identical',
    ahead_by: ahead.length,
    behind_by: behind.length,
    total_commits: ahead.length,
    commits,
    files,
  });
  return { status: 200, body };
};

/** Every commit reachable from `sha`, nearest first (breadth-first over parents). */
function ancestors(repo: RepoState, sha: string): Set<string> {
  const seen = new Set<string>();
  const queue = [sha];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(repo.commits.get(next)?.parents ?? []));
  }
  return seen;
}

function commitBody(ctx: HandlerContext, repo: RepoState, sha: string): Record<string, unknown> {
  const body = example('commit-comparison').base_commit as Record<string, unknown>;
  const commit = repo.commits.get(sha);
  const api = repoApiUrl(ctx, repo);
  Object.assign(body, {
    url: `${api}/commits/${sha}`,
    sha,
    node_id: nodeId('Commit', sha),
    html_url: `${repoHtmlUrl(ctx, repo)}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    parents: (commit?.parents ?? []).map((parent) => ({ sha: parent, url: `${api}/commits/${parent}` })),
  });
  Object.assign(body.commit as object, { message: commit?.message ?? '' });
  return body;
}

function diff(ctx: HandlerContext, repo: RepoState, from: CommitState, to: CommitState): Record<string, unknown>[] {
  const removed = [...from.files.keys()].filter((path) => !to.files.has(path));
  const entries: Record<string, unknown>[] = [];
  for (const [path, content] of to.files) {
    const before = from.files.get(path);
    if (before === content) continue;
    const movedFrom = before === undefined ? removed.find((old) => from.files.get(old) === content) : undefined;
    if (movedFrom !== undefined) removed.splice(removed.indexOf(movedFrom), 1);
    const status = before !== undefined ? 'modified' : movedFrom !== undefined ? 'renamed' : 'added';
    entries.push(entry(ctx, repo, to.sha, path, status, movedFrom));
  }
  for (const path of removed) entries.push(entry(ctx, repo, from.sha, path, 'removed'));
  return entries.sort((a, b) => String(a.filename).localeCompare(String(b.filename)));
}

function entry(
  ctx: HandlerContext,
  repo: RepoState,
  sha: string,
  path: string,
  status: string,
  previous?: string,
): Record<string, unknown> {
  const html = repoHtmlUrl(ctx, repo);
  return {
    sha: null,
    filename: path,
    status,
    additions: 0,
    deletions: 0,
    changes: 0,
    blob_url: `${html}/blob/${sha}/${encodeURI(path)}`,
    raw_url: `${html}/raw/${sha}/${encodeURI(path)}`,
    contents_url: `${repoApiUrl(ctx, repo)}/contents/${encodeURI(path)}?ref=${sha}`,
    ...(previous !== undefined ? { previous_filename: previous } : {}),
  };
}
