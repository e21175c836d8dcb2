import type { GitHubState, InstallationState, RepoState } from '../state';

export interface HandlerContext {
  state: GitHubState;
  /** e.g. http://127.0.0.1:PORT — every URL in a response is built on it */
  baseUrl: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** the installation whose token authenticated the request (undefined for App-JWT endpoints) */
  installation: InstallationState | undefined;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: HandlerContext) => HandlerResult;

const DOCS = 'https://docs.github.com/rest';

export function notFound(): HandlerResult {
  return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
}

export function validationFailed(message: string): HandlerResult {
  return { status: 422, body: { message, documentation_url: DOCS, status: '422' } };
}

export function unauthorized(message = 'Bad credentials'): HandlerResult {
  return { status: 401, body: { message, documentation_url: DOCS, status: '401' } };
}

/** The repository named by the path, when the authenticating installation may see it. */
export function repoOf(ctx: HandlerContext): RepoState | undefined {
  return ctx.state.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
}

export function repoApiUrl(ctx: HandlerContext, repo: RepoState): string {
  return `${ctx.baseUrl}/repos/${repo.owner.login}/${repo.name}`;
}

export function repoHtmlUrl(ctx: HandlerContext, repo: RepoState): string {
  return `${ctx.baseUrl}/html/${repo.owner.login}/${repo.name}`;
}
