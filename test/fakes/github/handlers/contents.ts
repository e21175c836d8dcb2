import { createHash } from 'node:crypto';
import { example, nodeId } from '../templates';
import { blobSha, randomSha, type RepoState } from '../state';
import {
  notFound,
  repoApiUrl,
  repoHtmlUrl,
  repoOf,
  validationFailed,
  type Handler,
  type HandlerContext,
} from './context';

/** Above this the contents API leaves `content` empty with `encoding: none` (use the blob API). */
export const CONTENTS_API_MAX_BYTES = 1024 * 1024;

function item(
  ctx: HandlerContext,
  repo: RepoState,
  at: { ref: string; path: string; type: 'file' | 'dir'; sha: string; size: number },
) {
  const api = repoApiUrl(ctx, repo);
  const url = `${api}/contents/${at.path}?ref=${encodeURIComponent(at.ref)}`;
  const gitUrl = `${api}/git/${at.type === 'file' ? 'blobs' : 'trees'}/${at.sha}`;
  const htmlUrl = `${repoHtmlUrl(ctx, repo)}/${at.type === 'file' ? 'blob' : 'tree'}/${at.ref}/${at.path}`;
  const downloadUrl =
    at.type === 'file' ? `${ctx.baseUrl}/raw/${repo.owner.login}/${repo.name}/${at.ref}/${at.path}` : null;
  return {
    type: at.type,
    size: at.size,
    name: at.path.split('/').pop() ?? at.path,
    path: at.path,
    sha: at.sha,
    url,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: downloadUrl,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

/** GitHub wraps base64 content at 60 columns. */
function base64Wrapped(content: string): string {
  return (
    (
      Buffer.from(content, 'utf8')
        .toString('base64')
        .match(/.{1,60}/g) ?? []
    ).join('\n') + '\n'
  );
}

export function fileContent(ctx: HandlerContext, repo: RepoState, ref: string, path: string, content: string) {
  const size = Buffer.byteLength(content, 'utf8');
  const tooLarge = size > CONTENTS_API_MAX_BYTES;
  return {
    ...item(ctx, repo, { ref, path, type: 'file', sha: blobSha(content), size }),
    content: tooLarge ? '' : base64Wrapped(content),
    encoding: tooLarge ? 'none' : 'base64',
  };
}

export const getContent: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const ref = ctx.query.ref || repo.defaultBranch;
  const commit = ctx.state.resolveCommit(repo, ref);
  const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '');
  if (!commit) return notFound();
  const file = commit.files.get(path);
  if (file !== undefined) return { status: 200, body: fileContent(ctx, repo, ref, path, file) };
  const prefix = `${path}/`;
  const children = new Map<string, ReturnType<typeof item>>();
  for (const [filePath, content] of commit.files) {
    if (!filePath.startsWith(prefix)) continue;
    const [name, ...rest] = filePath.slice(prefix.length).split('/');
    const childPath = prefix + name;
    if (rest.length === 0) {
      const size = Buffer.byteLength(content, 'utf8');
      children.set(childPath, item(ctx, repo, { ref, path: childPath, type: 'file', sha: blobSha(content), size }));
    } else if (!children.has(childPath)) {
      const treeSha = createHash('sha1').update(`${commit.sha}:${childPath}`).digest('hex');
      children.set(childPath, item(ctx, repo, { ref, path: childPath, type: 'dir', sha: treeSha, size: 0 }));
    }
  }
  if (children.size === 0) return notFound();
  return { status: 200, body: [...children.values()].sort((a, b) => a.path.localeCompare(b.path)) };
};

export const getBlob: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const content = repo?.blobs.get(ctx.params.file_sha ?? '');
  if (!repo || content === undefined) return notFound();
  const sha = ctx.params.file_sha ?? '';
  return {
    status: 200,
    body: {
      sha,
      node_id: nodeId('Blob', sha),
      size: Buffer.byteLength(content, 'utf8'),
      url: `${repoApiUrl(ctx, repo)}/git/blobs/${sha}`,
      content: base64Wrapped(content),
      encoding: 'base64',
    },
  };
};

/** PUT contents: a new commit on `branch` (default branch when absent) with the file replaced. */
export const putContent: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const branch = typeof ctx.body.branch === 'string' ? ctx.body.branch : repo.defaultBranch;
  const parent = ctx.state.resolveCommit(repo, branch);
  const path = ctx.params.path ?? '';
  const existing = parent?.files.get(path);
  if (existing !== undefined && ctx.body.sha === undefined) return validationFailed('"sha" wasn\'t supplied.');
  if (existing !== undefined && ctx.body.sha !== blobSha(existing)) {
    return {
      status: 409,
      body: {
        message: `${path} does not match ${String(ctx.body.sha)}`,
        documentation_url: 'https://docs.github.com/rest',
      },
    };
  }
  const content = Buffer.from(String(ctx.body.content), 'base64').toString('utf8');
  const files = new Map(parent?.files ?? []);
  files.set(path, content);
  const sha = randomSha();
  repo.commits.set(sha, { sha, message: String(ctx.body.message), parents: parent ? [parent.sha] : [], files });
  repo.blobs.set(blobSha(content), content);
  repo.branches.set(branch, sha);
  const body = example(
    existing === undefined ? 'file-commit-example-for-creating-a-file' : 'file-commit-example-for-updating-a-file',
  );
  body.content = item(ctx, repo, {
    ref: branch,
    path,
    type: 'file',
    sha: blobSha(content),
    size: Buffer.byteLength(content),
  });
  Object.assign(body.commit as object, {
    sha,
    message: String(ctx.body.message),
    url: `${repoApiUrl(ctx, repo)}/git/commits/${sha}`,
  });
  return { status: existing === undefined ? 201 : 200, body };
};
