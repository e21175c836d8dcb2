import { example, nodeId, simpleUser } from '../templates';
import type { DeploymentState, DeploymentStatusState, RepoState } from '../state';
import { notFound, repoApiUrl, repoOf, validationFailed, type Handler, type HandlerContext } from './context';

/** GitHub: "The maximum description length is 140 characters" (create a deployment status). */
const MAX_STATUS_DESCRIPTION = 140;

function creator(ctx: HandlerContext, d: DeploymentState) {
  return simpleUser(ctx.baseUrl, ctx.state.account(d.creator));
}

function deploymentBody(ctx: HandlerContext, repo: RepoState, d: DeploymentState): Record<string, unknown> {
  const api = repoApiUrl(ctx, repo);
  const body = example('deployment');
  Object.assign(body, {
    id: d.id,
    node_id: nodeId('Deployment', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    environment: d.environment,
    original_environment: d.environment,
    description: d.description,
    creator: creator(ctx, d),
    url: `${api}/deployments/${d.id}`,
    statuses_url: `${api}/deployments/${d.id}/statuses`,
    repository_url: api,
    production_environment: d.productionEnvironment,
    transient_environment: d.transientEnvironment,
  });
  return body;
}

function statusBody(ctx: HandlerContext, repo: RepoState, d: DeploymentState, s: DeploymentStatusState) {
  const api = repoApiUrl(ctx, repo);
  const body = example('deployment-status');
  Object.assign(body, {
    id: s.id,
    node_id: nodeId('DeploymentStatus', s.id),
    state: s.state,
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl,
    log_url: s.targetUrl,
    creator: creator(ctx, d),
    url: `${api}/deployments/${d.id}/statuses/${s.id}`,
    deployment_url: `${api}/deployments/${d.id}`,
    repository_url: api,
  });
  return body;
}

/** One page of `items` as GitHub pages lists: `per_page` (default 30, max 100), `page`, and a `Link` header. */
function paged<T>(ctx: HandlerContext, path: string, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(ctx.query.per_page ?? 30), 100);
  const page = Number(ctx.query.page ?? 1);
  const headers: Record<string, string> = {};
  if (page * perPage < items.length) {
    const next = new URLSearchParams({ ...ctx.query, page: String(page + 1) });
    headers.link = `<${ctx.baseUrl}${path}?${next.toString()}>; rel="next"`;
  }
  return { items: items.slice((page - 1) * perPage, page * perPage), headers };
}

export const createDeployment: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const ref = String(ctx.body.ref);
  const commit = ctx.state.resolveCommit(repo, ref);
  if (!commit) return validationFailed(`No ref found for: ${ref}`);
  const environment = typeof ctx.body.environment === 'string' ? ctx.body.environment : 'production';
  const deployment: DeploymentState = {
    id: ctx.state.nextId(),
    ref,
    sha: commit.sha,
    environment,
    task: typeof ctx.body.task === 'string' ? ctx.body.task : 'deploy',
    description: typeof ctx.body.description === 'string' ? ctx.body.description : null,
    payload: ctx.body.payload ?? {},
    creator: ctx.installation ? `app-${ctx.state.appId}[bot]` : repo.owner.login,
    // GitHub: "Default: true when environment is production and false otherwise"
    productionEnvironment:
      typeof ctx.body.production_environment === 'boolean'
        ? ctx.body.production_environment
        : environment === 'production',
    transientEnvironment: ctx.body.transient_environment === true,
    ...(ctx.installation ? { viaAppId: ctx.state.appId } : {}),
    statuses: [],
  };
  repo.deployments.set(deployment.id, deployment);
  return { status: 201, body: deploymentBody(ctx, repo, deployment) };
};

/** GET deployments with the `sha`, `ref`, `task` and `environment` filters, newest first, paged. */
export const listDeployments: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const { sha, ref, task, environment } = ctx.query;
  const matching = [...repo.deployments.values()]
    .filter((d) => (sha === undefined || d.sha === sha) && (ref === undefined || d.ref === ref))
    .filter(
      (d) => (task === undefined || d.task === task) && (environment === undefined || d.environment === environment),
    )
    .sort((a, b) => b.id - a.id);
  const { items, headers } = paged(ctx, `/repos/${repo.owner.login}/${repo.name}/deployments`, matching);
  return { status: 200, body: items.map((d) => deploymentBody(ctx, repo, d)), headers };
};

export const listDeploymentStatuses: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const deployment = repo?.deployments.get(Number(ctx.params.deployment_id));
  if (!repo || !deployment) return notFound();
  const newestFirst = [...deployment.statuses].sort((a, b) => b.id - a.id);
  const path = `/repos/${repo.owner.login}/${repo.name}/deployments/${deployment.id}/statuses`;
  const { items, headers } = paged(ctx, path, newestFirst);
  return { status: 200, body: items.map((s) => statusBody(ctx, repo, deployment, s)), headers };
};

export const createDeploymentStatus: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const deployment = repo?.deployments.get(Number(ctx.params.deployment_id));
  if (!repo || !deployment) return notFound();
  const description = typeof ctx.body.description === 'string' ? ctx.body.description : '';
  if (description.length > MAX_STATUS_DESCRIPTION)
    return validationFailed(`description is too long (maximum is ${MAX_STATUS_DESCRIPTION} characters)`);
  const logUrl = typeof ctx.body.log_url === 'string' ? ctx.body.log_url : undefined;
  const status: DeploymentStatusState = {
    id: ctx.state.nextId(),
    state: String(ctx.body.state),
    description,
    // "Setting log_url will automatically set target_url to the same value"
    targetUrl: logUrl ?? (typeof ctx.body.target_url === 'string' ? ctx.body.target_url : ''),
    environment: typeof ctx.body.environment === 'string' ? ctx.body.environment : deployment.environment,
  };
  deployment.statuses.push(status);
  if (status.state === 'success' && ctx.body.auto_inactive !== false) inactivatePrior(ctx, repo, deployment, status);
  return { status: 201, body: statusBody(ctx, repo, deployment, status) };
};

/**
 * `auto_inactive` (default true): "Adds a new inactive status to all prior non-transient, non-production
 * environment deployments with the same repository and environment name as the created status's deployment.
 * An inactive status is only added to deployments that had a success state."
 */
function inactivatePrior(ctx: HandlerContext, repo: RepoState, current: DeploymentState, by: DeploymentStatusState) {
  for (const d of repo.deployments.values()) {
    if (d.id >= current.id || d.environment !== by.environment) continue;
    if (d.transientEnvironment || d.productionEnvironment) continue;
    const latest = d.statuses.at(-1);
    if (latest?.state !== 'success') continue;
    d.statuses.push({ ...latest, id: ctx.state.nextId(), state: 'inactive', description: '' });
  }
}
