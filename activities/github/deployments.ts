import type { Octokit } from '@octokit/rest';
import { ApplicationFailure } from '@temporalio/common';
import { Failure } from '../../domain/failures';
import type { DeploymentStatusSummary, DeploymentSummary, GitHubGateway, InstallationRepo } from './gateway';

/** The gateway's installation-token call wrapper (octokit-gateway.ts): classifies every error once. */
export type InstallationCall = <T>(
  at: InstallationRepo,
  action: string,
  work: (octokit: Octokit, headers: Record<string, string>) => Promise<T>,
) => Promise<T>;

type DeploymentCalls = Pick<
  GitHubGateway,
  'createDeployment' | 'listDeployments' | 'createDeploymentStatus' | 'listDeploymentStatuses'
>;

/**
 * GitHub Deployments with the installation's token (the App needs **Deployments: write**). Errors are
 * classified by `call`, as for check runs: a 403 (no permission) or 422 is non-retryable, 5xx and rate
 * limits are retried by Temporal.
 */
export function createDeploymentCalls(call: InstallationCall): DeploymentCalls {
  const repoParams = (at: InstallationRepo) => ({ owner: at.repo.owner, repo: at.repo.name });
  return {
    createDeployment: (at, params) =>
      call(at, `create deployment ${params.task} to ${params.environment}`, async (octokit, headers) => {
        const { data } = await octokit.request('POST /repos/{owner}/{repo}/deployments', {
          ...repoParams(at),
          ref: params.ref,
          task: params.task,
          environment: params.environment,
          description: params.description,
          production_environment: params.productionEnvironment,
          payload: params.payload,
          auto_merge: false,
          required_contexts: [],
          headers,
        });
        // 202 means GitHub merged the default branch first; never with auto_merge false, but not a deployment
        if (!('id' in data)) {
          throw ApplicationFailure.nonRetryable(
            `create deployment ${params.task}: GitHub made no deployment: ${data.message ?? ''}`,
            Failure.GitHubValidationFailed,
          );
        }
        return toDeployment(data);
      }),

    listDeployments: (at, filter) =>
      call(at, `list deployments of ${filter.sha}`, async (octokit, headers) => {
        const list = await octokit.paginate(octokit.rest.repos.listDeployments, {
          ...repoParams(at),
          sha: filter.sha,
          task: filter.task,
          environment: filter.environment,
          per_page: 100,
          headers,
        });
        return list.map(toDeployment);
      }),

    createDeploymentStatus: (at, deploymentId, params) =>
      call(at, `create deployment status ${params.state} on ${deploymentId}`, async (octokit, headers) => {
        const { data } = await octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
          ...repoParams(at),
          deployment_id: deploymentId,
          state: params.state,
          ...(params.logUrl ? { log_url: params.logUrl } : {}),
          description: params.description,
          environment: params.environment,
          auto_inactive: params.autoInactive,
          headers,
        });
        return { id: Number(data.id), state: data.state };
      }),

    listDeploymentStatuses: (at, deploymentId) =>
      call(at, `list statuses of deployment ${deploymentId}`, async (octokit, headers) => {
        const list = await octokit.paginate(octokit.rest.repos.listDeploymentStatuses, {
          ...repoParams(at),
          deployment_id: deploymentId,
          per_page: 100,
          headers,
        });
        return list.map((s): DeploymentStatusSummary => ({ id: Number(s.id), state: s.state }));
      }),
  };
}

function toDeployment(data: {
  id: number | bigint;
  sha: string;
  task: string;
  environment: string;
  payload: unknown;
}): DeploymentSummary {
  return { id: Number(data.id), sha: data.sha, task: data.task, environment: data.environment, payload: data.payload };
}
