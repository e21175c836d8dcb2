import { example, nodeId, simpleUser } from '../templates';
import { INSTALLATION_PERMISSIONS, type AccessLevel, type RepoState } from '../state';
import {
  notFound,
  repoApiUrl,
  repoHtmlUrl,
  repoOf,
  validationFailed,
  type Handler,
  type HandlerContext,
} from './context';

const LEVELS: Record<AccessLevel, number> = { read: 1, write: 2 };

/**
 * POST /app/installations/{id}/access_tokens (the caller already proved the App JWT). As GitHub: `repositories`
 * narrows the token to those repositories of the installation (one it cannot see: 422), `permissions` narrows
 * what it may do (more than the App was granted: 422); the narrowed token always keeps `metadata: read`.
 * https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app
 */
export const createInstallationToken: Handler = (ctx) => {
  const installation = ctx.state.installations.get(Number(ctx.params.installation_id));
  if (!installation) return notFound();
  const names = ctx.body.repositories as string[] | undefined;
  const repos: RepoState[] = [];
  for (const name of names ?? []) {
    const repo = ctx.state.repo(installation.account.login, name);
    if (!repo)
      return validationFailed(
        'There is at least one repository that does not exist or is not accessible to the parent installation.',
      );
    repos.push(repo);
  }
  const asked = ctx.body.permissions as Record<string, AccessLevel> | undefined;
  for (const [name, level] of Object.entries(asked ?? {})) {
    const granted = (installation.permissions ?? INSTALLATION_PERMISSIONS)[name];
    if (!granted || LEVELS[granted] < LEVELS[level])
      return validationFailed('The permissions requested are not granted to this installation.');
  }
  const minted = ctx.state.mintToken(installation.id, {
    ...(names ? { repositories: repos.map((r) => r.name) } : {}),
    ...(asked ? { permissions: asked } : {}),
  });
  const body = example('installation-token');
  Object.assign(body, {
    token: minted.token,
    expires_at: minted.expiresAt.toISOString().replace(/\.\d+Z$/, 'Z'),
    permissions: minted.permissions,
    repository_selection: names ? 'selected' : 'all',
  });
  if (names) body.repositories = repos.map((repo) => repositoryItem(ctx, repo));
  else delete body.repositories;
  return { status: 201, body };
};

/** A `repository` item of the token answer: the documented example with this repository's identity. */
function repositoryItem(ctx: HandlerContext, repo: RepoState): Record<string, unknown> {
  const [item] = example<{ repositories: Record<string, unknown>[] }>('installation-token').repositories;
  const api = repoApiUrl(ctx, repo);
  for (const [key, value] of Object.entries(item!)) {
    if (typeof value === 'string' && value.startsWith('https://api.github.com/repos/octocat/Hello-World'))
      item![key] = value.replace('https://api.github.com/repos/octocat/Hello-World', api);
  }
  return Object.assign(item!, {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner.login}/${repo.name}`,
    owner: simpleUser(ctx.baseUrl, repo.owner),
    private: repo.private,
    html_url: repoHtmlUrl(ctx, repo),
    url: api,
    default_branch: repo.defaultBranch,
  });
}

/** GET /repos/{owner}/{repo}/installation (App JWT): the installation of the App on the repository's owner. */
export const getRepoInstallation: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  return installationOn(ctx, repo.owner.login);
};

/** GET /orgs/{org}/installation (App JWT): the installation of the App on an org. */
export const getOrgInstallation: Handler = (ctx) => installationOn(ctx, ctx.params.org ?? '');

function installationOn(ctx: Parameters<Handler>[0], login: string) {
  const owner = login.toLowerCase();
  const installation = [...ctx.state.installations.values()].find((i) => i.account.login.toLowerCase() === owner);
  if (!installation) return notFound();
  const body = example('installation');
  Object.assign(body, {
    id: installation.id,
    account: simpleUser(ctx.baseUrl, installation.account),
    app_id: ctx.state.appId,
    target_id: installation.account.id,
    target_type: installation.account.type,
    permissions: installation.permissions ?? INSTALLATION_PERMISSIONS,
    repository_selection: 'all',
    access_tokens_url: `${ctx.baseUrl}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${ctx.baseUrl}/installation/repositories`,
  });
  return { status: 200, body };
}
