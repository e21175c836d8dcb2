import { example, nodeId, simpleUser } from '../templates';
import type { RepoState } from '../state';
import { notFound, repoApiUrl, repoHtmlUrl, repoOf, type Handler, type HandlerContext } from './context';

/** `full-repository`: the documented example with this repository's identity and URLs. */
export function fullRepository(ctx: HandlerContext, repo: RepoState): Record<string, unknown> {
  const body = example('full-repository-default-response');
  const api = repoApiUrl(ctx, repo);
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' && value.startsWith('https://api.github.com/repos/octocat/Hello-World')) {
      body[key] = value.replace('https://api.github.com/repos/octocat/Hello-World', api);
    }
  }
  const host = new URL(ctx.baseUrl).host;
  const owner = simpleUser(ctx.baseUrl, repo.owner);
  Object.assign(body, {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner.login}/${repo.name}`,
    owner,
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    html_url: repoHtmlUrl(ctx, repo),
    url: api,
    git_url: `git://${host}/${repo.owner.login}/${repo.name}.git`,
    ssh_url: `git@${host}:${repo.owner.login}/${repo.name}.git`,
    clone_url: `${ctx.baseUrl}/git/${repo.owner.login}/${repo.name}.git`,
    svn_url: repoHtmlUrl(ctx, repo),
    mirror_url: null,
    language: null,
    default_branch: repo.defaultBranch,
    fork: false,
    organization: owner,
  });
  // forks, templates and user-owned repositories do not carry these
  if (repo.owner.type !== 'Organization') delete body.organization;
  delete body.parent;
  delete body.source;
  delete body.template_repository;
  return body;
}

export const getRepository: Handler = (ctx) => {
  const repo = repoOf(ctx);
  return repo ? { status: 200, body: fullRepository(ctx, repo) } : notFound();
};

export const getBranch: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const sha = repo?.branches.get(ctx.params.branch ?? '');
  if (!repo || !sha) return notFound();
  const body = example('branch-get');
  const api = repoApiUrl(ctx, repo);
  const commit = repo.commits.get(sha);
  Object.assign(body, {
    name: ctx.params.branch,
    protected: false,
    protection_url: `${api}/branches/${ctx.params.branch}/protection`,
    _links: {
      self: `${api}/branches/${ctx.params.branch}`,
      html: `${repoHtmlUrl(ctx, repo)}/tree/${ctx.params.branch}`,
    },
  });
  const commitBody = body.commit as Record<string, unknown>;
  Object.assign(commitBody, { sha, url: `${api}/commits/${sha}`, html_url: `${repoHtmlUrl(ctx, repo)}/commit/${sha}` });
  Object.assign(commitBody.commit as object, { message: commit?.message ?? '' });
  return { status: 200, body };
};

/** GET git/ref/{ref}: `heads/x` or `tags/x`; an annotated tag points at its tag object (`object.type: tag`). */
export const getGitRef: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const ref = ctx.params.ref ?? '';
  if (!repo) return notFound();
  let object: { type: string; sha: string } | undefined;
  const branch = /^heads\/(.+)$/.exec(ref)?.[1];
  const tagName = /^tags\/(.+)$/.exec(ref)?.[1];
  if (branch && repo.branches.has(branch)) object = { type: 'commit', sha: repo.branches.get(branch)! };
  const tag = tagName ? repo.tags.get(tagName) : undefined;
  if (tag) object = tag.annotated ? { type: 'tag', sha: tag.annotated.sha } : { type: 'commit', sha: tag.commitSha };
  if (!object) return notFound();
  const api = repoApiUrl(ctx, repo);
  const objectUrl = `${api}/git/${object.type === 'tag' ? 'tags' : 'commits'}/${object.sha}`;
  return {
    status: 200,
    body: {
      ref: `refs/${ref}`,
      node_id: nodeId('Ref', ref),
      url: `${api}/git/refs/${ref}`,
      object: { ...object, url: objectUrl },
    },
  };
};

export const getGitTag: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const tag = repo && [...repo.tags.values()].find((t) => t.annotated?.sha === ctx.params.tag_sha);
  if (!repo || !tag?.annotated) return notFound();
  const api = repoApiUrl(ctx, repo);
  const body = example('git-tag');
  Object.assign(body, {
    sha: tag.annotated.sha,
    node_id: nodeId('Tag', tag.annotated.sha),
    tag: tag.name,
    message: tag.annotated.message,
    url: `${api}/git/tags/${tag.annotated.sha}`,
    object: { type: 'commit', sha: tag.commitSha, url: `${api}/git/commits/${tag.commitSha}` },
  });
  return { status: 200, body };
};
