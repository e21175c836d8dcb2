import { fitCheckRunBody } from '../../domain/github-limits';
import type { RepoInfo } from '../../domain/types';
import type { CheckRunSummary, CreateCheckRunParams, UpdateCheckRunParams } from './gateway';

interface RepositoryData {
  name: string;
  owner: { login: string };
  ssh_url: string;
  git_url: string;
  clone_url: string;
  default_branch?: string;
  html_url: string;
}

export function toRepoInfo(data: RepositoryData): RepoInfo {
  return {
    owner: data.owner.login,
    name: data.name,
    sshUrl: data.ssh_url,
    gitUrl: data.git_url,
    cloneUrl: data.clone_url,
    defaultBranch: data.default_branch || 'main',
    htmlUrl: data.html_url,
  };
}

interface CheckRunData {
  id: number | bigint;
  name: string;
  head_sha: string;
  external_id: string | null;
  details_url: string | null;
  status: string;
  conclusion: string | null;
}

export function toCheckRunSummary(data: CheckRunData): CheckRunSummary {
  return {
    id: Number(data.id),
    name: data.name,
    headSha: data.head_sha,
    externalId: data.external_id ?? null,
    detailsUrl: data.details_url ?? null,
    status: data.status,
    conclusion: data.conclusion ?? null,
  };
}

/**
 * The REST body for POST/PATCH check-runs; absent fields stay absent so GitHub keeps what it has.
 * Every text is cut to GitHub's limits here (fitCheckRunBody), the one place all check-run requests pass.
 */
export function checkRunBody(params: CreateCheckRunParams | UpdateCheckRunParams): Record<string, unknown> {
  const body: Record<string, unknown> = { name: params.name };
  if ('headSha' in params) body.head_sha = params.headSha;
  if ('externalId' in params && params.externalId !== undefined) body.external_id = params.externalId;
  if (params.detailsUrl !== undefined) body.details_url = params.detailsUrl;
  if (params.status !== undefined) body.status = params.status;
  if (params.conclusion !== undefined) body.conclusion = params.conclusion;
  if (params.output !== undefined) body.output = params.output;
  if (params.actions !== undefined) body.actions = params.actions;
  return fitCheckRunBody(body);
}
