import type { Octokit } from '@octokit/rest';
import { isNotFound } from './classify-github-error';
import type { ContextFolder } from './gateway';

interface Location {
  owner: string;
  repo: string;
  ref: string;
  headers: Record<string, string>;
}

interface ContentEntry {
  type: string;
  path: string;
  sha: string;
  content?: string;
  encoding?: string;
}

/**
 * One file's text, or `null` when nothing (or a directory) is at `path`. Files over 1 MB come back from the
 * contents API with `encoding: none`; those are read through the blob API, which serves up to 100 MB.
 * https://docs.github.com/en/rest/repos/contents#get-repository-content
 */
export async function readFile(octokit: Octokit, at: Location, path: string): Promise<string | null> {
  const entry = await getContent(octokit, at, path);
  if (!entry || Array.isArray(entry) || entry.type !== 'file') return null;
  return decodeEntry(octokit, at, entry);
}

/**
 * The folder `dir` at commit `ref`, listed before anything is read: one git tree read per path segment above
 * the folder (`.kube-ci`: the commit's root tree) and one recursive tree read of the folder itself, which
 * gives every path and size below it. Files are then read as blobs, on demand, each at most once.
 * `null` when nothing (or a file) is at `dir`.
 * https://docs.github.com/en/rest/git/trees#get-a-tree
 */
export async function readContextFolder(octokit: Octokit, at: Location, dir: string): Promise<ContextFolder | null> {
  const segments = dir.split('/').filter((s) => s !== '');
  let treeSha = at.ref;
  for (const segment of segments) {
    const tree = await getTree(octokit, at, treeSha, false);
    const entry = tree?.tree.find((e) => e.path === segment && e.type === 'tree');
    if (!entry?.sha) return null;
    treeSha = entry.sha;
  }
  const tree = await getTree(octokit, at, treeSha, true);
  if (!tree) return null;
  const blobs = new Map<string, string>();
  const files = new Map<string, number>();
  for (const entry of tree.tree) {
    // symlinks (mode 120000) and submodules (type commit) are not pipeline files
    if (entry.type !== 'blob' || entry.mode === '120000' || !entry.path || !entry.sha) continue;
    blobs.set(entry.path, entry.sha);
    files.set(entry.path, entry.size ?? 0);
  }
  const reads = new Map<string, Promise<string>>();
  return {
    files,
    truncated: tree.truncated,
    read(path) {
      const sha = blobs.get(path);
      if (sha === undefined) return Promise.resolve(null);
      if (!reads.has(path)) reads.set(path, readBlob(octokit, at, sha, path));
      return reads.get(path)!;
    },
  };
}

interface TreeEntry {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string;
  size?: number;
}

async function getTree(
  octokit: Octokit,
  at: Location,
  sha: string,
  recursive: boolean,
): Promise<{ tree: TreeEntry[]; truncated: boolean } | null> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
      owner: at.owner,
      repo: at.repo,
      tree_sha: sha,
      ...(recursive ? { recursive: '1' } : {}),
      headers: at.headers,
    });
    return { tree: data.tree, truncated: data.truncated };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function getContent(octokit: Octokit, at: Location, path: string): Promise<ContentEntry | ContentEntry[] | null> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: at.owner,
      repo: at.repo,
      path,
      ...(at.ref ? { ref: at.ref } : {}),
      headers: at.headers,
    });
    return data as ContentEntry | ContentEntry[];
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function decodeEntry(octokit: Octokit, at: Location, entry: ContentEntry): Promise<string> {
  if (entry.encoding === 'base64' && entry.content !== undefined)
    return Buffer.from(entry.content, 'base64').toString('utf8');
  return await readBlob(octokit, at, entry.sha, entry.path);
}

/** A blob's text; the blob API serves files up to 100 MB. */
export async function readBlob(octokit: Octokit, at: Location, sha: string, path: string): Promise<string> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
    owner: at.owner,
    repo: at.repo,
    file_sha: sha,
    headers: at.headers,
  });
  if (data.encoding !== 'base64') throw new Error(`blob ${sha} of ${path} has unsupported encoding ${data.encoding}`);
  return Buffer.from(data.content, 'base64').toString('utf8');
}
