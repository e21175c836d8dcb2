import { createHash } from 'node:crypto';
import { blobSha, type CommitState, type RepoState } from '../state';
import { notFound, repoApiUrl, repoOf, type Handler } from './context';

/** GitHub lists at most this many entries in one tree answer and sets `truncated` beyond it. */
export const TREE_MAX_ENTRIES = 100_000;

/** The fake's tree object id of a folder at a commit ('' = the root); the contents API names folders the same way. */
export function treeSha(commit: CommitState, path: string): string {
  return createHash('sha1').update(`${commit.sha}:${path}`).digest('hex');
}

interface TreeItem {
  path: string;
  mode: string;
  type: 'blob' | 'tree';
  sha: string;
  size?: number;
  url: string;
}

/**
 * GET git/trees/{tree_sha}[?recursive=1]: a commit sha or ref names its root tree; a tree sha from an earlier
 * listing names that folder. Paths are relative to the listed folder, folders come with their own tree sha.
 * https://docs.github.com/en/rest/git/trees#get-a-tree
 */
export const getTree: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const wanted = ctx.params.tree_sha ?? '';
  const known = repo.trees.get(wanted);
  const commit = known ? repo.commits.get(known.commit) : ctx.state.resolveCommit(repo, wanted);
  if (!commit) return notFound();
  const folder = known?.path ?? '';
  const recursive = ctx.query.recursive !== undefined;
  const api = repoApiUrl(ctx, repo);
  const prefix = folder === '' ? '' : `${folder}/`;
  const items = new Map<string, TreeItem>();
  const addTree = (path: string) => {
    if (items.has(path)) return;
    const sha = registerTree(repo, commit, prefix + path);
    items.set(path, { path, mode: '040000', type: 'tree', sha, url: `${api}/git/trees/${sha}` });
  };
  for (const [filePath, content] of commit.files) {
    if (!filePath.startsWith(prefix)) continue;
    const parts = filePath.slice(prefix.length).split('/');
    if (!recursive && parts.length > 1) {
      addTree(parts[0]!);
      continue;
    }
    for (let depth = 1; depth < parts.length; depth++) addTree(parts.slice(0, depth).join('/'));
    const sha = blobSha(content);
    const size = Buffer.byteLength(content, 'utf8');
    items.set(parts.join('/'), {
      path: parts.join('/'),
      mode: '100644',
      type: 'blob',
      sha,
      size,
      url: `${api}/git/blobs/${sha}`,
    });
  }
  if (items.size === 0 && folder !== '') return notFound();
  const tree = [...items.values()].sort((a, b) => a.path.localeCompare(b.path));
  const sha = registerTree(repo, commit, folder);
  return {
    status: 200,
    body: {
      sha,
      url: `${api}/git/trees/${sha}`,
      tree: tree.slice(0, TREE_MAX_ENTRIES),
      truncated: tree.length > TREE_MAX_ENTRIES,
    },
  };
};

function registerTree(repo: RepoState, commit: CommitState, path: string): string {
  const sha = treeSha(commit, path);
  repo.trees.set(sha, { commit: commit.sha, path });
  return sha;
}
