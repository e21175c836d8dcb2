import { example, nodeId, simpleUser } from '../templates';
import type { DeploymentState, RepoState } from '../state';
import { notFound, repoApiUrl, repoOf, validationFailed, type Handler, type HandlerContext } from './context';

function creator(ctx: HandlerContext) {
  return simpleUser(ctx.baseUrl, ctx.state.account(`app-${ctx.state.appId}[bot]`));
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
    creator: creator(ctx),
    url: `${api}/deployments/${d.id}`,
    statuses_url: `${api}/deployments/${d.id}/statuses`,
    repository_url: api,
  });
  return body;
}

export const createDeployment: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const ref = String(ctx.body.ref);
  const commit = ctx.state.resolveCommit(repo, ref);
  if (!commit) return validationFailed(`No ref found for: ${ref}`);
  const deployment: DeploymentState = {
    id: ctx.state.nextId(),
    ref,
    sha: commit.sha,
    environment: typeof ctx.body.environment === 'string' ? ctx.body.environment : 'production',
    task: typeof ctx.body.task === 'string' ? ctx.body.task : 'deploy',
    description: typeof ctx.body.description === 'string' ? ctx.body.description : null,
    payload: ctx.body.payload ?? {},
    creator: `app-${ctx.state.appId}[bot]`,
    statuses: [],
  };
  repo.deployments.set(deployment.id, deployment);
  return { status: 201, body: deploymentBody(ctx, repo, deployment) };
};

export const createDeploymentStatus: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const deployment = repo?.deployments.get(Number(ctx.params.deployment_id));
  if (!repo || !deployment) return notFound();
  const status = {
    id: ctx.state.nextId(),
    state: String(ctx.body.state),
    description: typeof ctx.body.description === 'string' ? ctx.body.description : '',
    targetUrl:
      typeof ctx.body.target_url === 'string'
        ? ctx.body.target_url
        : typeof ctx.body.log_url === 'string'
          ? ctx.body.log_url
          : '',
    environment: typeof ctx.body.environment === 'string' ? ctx.body.environment : deployment.environment,
  };
  deployment.statuses.push(status);
  const api = repoApiUrl(ctx, repo);
  const body = example('deployment-status');
  Object.assign(body, {
    id: status.id,
    node_id: nodeId('DeploymentStatus', status.id),
    state: status.state,
    description: status.description,
    environment: status.environment,
    target_url: status.targetUrl,
    log_url: status.targetUrl,
    creator: creator(ctx),
    url: `${api}/deployments/${deployment.id}/statuses/${status.id}`,
    deployment_url: `${api}/deployments/${deployment.id}`,
    repository_url: api,
  });
  return { status: 201, body };
};
