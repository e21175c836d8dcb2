import type { Octokit } from '@octokit/rest';
import { isNotFound } from './classify-github-error';

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

/** Every file below `dir`, keyed by its path relative to `dir`; `null` when `dir` is not a directory there. */
export async function readDirectory(octokit: Octokit, at: Location, dir: string): Promise<Map<string, string> | null> {
  const root = dir.replace(/^\/+|\/+$/g, '');
  const listing = await getContent(octokit, at, root);
  if (!Array.isArray(listing)) return null;
  const files = new Map<string, string>();
  await collect(octokit, at, listing, root, files);
  return files;
}

async function collect(
  octokit: Octokit,
  at: Location,
  listing: ContentEntry[],
  root: string,
  files: Map<string, string>,
): Promise<void> {
  for (const entry of listing) {
    if (entry.type === 'dir') {
      const below = await getContent(octokit, at, entry.path);
      if (Array.isArray(below)) await collect(octokit, at, below, root, files);
    } else if (entry.type === 'file') {
      const file = await getContent(octokit, at, entry.path);
      if (file && !Array.isArray(file))
        files.set(entry.path.slice(root.length + 1), await decodeEntry(octokit, at, file));
    }
    // symlinks and submodules are not pipeline files; GitHub does not follow them in listings either
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
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
    owner: at.owner,
    repo: at.repo,
    file_sha: entry.sha,
    headers: at.headers,
  });
  if (data.encoding !== 'base64')
    throw new Error(`blob ${entry.sha} of ${entry.path} has unsupported encoding ${data.encoding}`);
  return Buffer.from(data.content, 'base64').toString('utf8');
}
