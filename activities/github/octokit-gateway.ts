import { App } from '@octokit/app';
import { Octokit } from '@octokit/rest';
import type {
  CheckRunAnnotation,
  CheckRunSummary,
  CreateCheckRunParams,
  GitHubGateway,
  InstallationRepo,
  UpdateCheckRunParams,
} from './gateway';
import { fitCheckRunName } from '../../domain/github-limits';
import { sendWithFallback } from './check-run-fallback';
import { classifyGitHubError, isNotFound } from './classify-github-error';
import { createCommandCalls } from './command-calls';
import { createDeploymentCalls } from './deployments';
import { githubMetricsPlugin } from './metrics-plugin';
import { createCommitOfRef } from './refs';
import { createPipelineReads, deliveryHeaders } from './pipeline-reads';
import { createReadOctokits } from './read-token';
import { sameOriginFetch } from './same-origin-fetch';
import { checkRunBody, toCheckRunSummary } from './to-domain';

export interface GitHubGatewayOptions {
  appId: number | string;
  /** PEM of the App's private key */
  privateKey: string;
  /** https://api.github.com, or GitHub Enterprise's /api/v3 URL, or a fake's URL in tests */
  baseUrl: string;
  userAgent?: string;
  /** receives Octokit's own warnings (e.g. token replication retries); silent by default */
  log?: {
    debug: (message: string) => void;
    info: (message: string) => void;
    warn: (message: string) => void;
    error: (message: string) => void;
  };
  /** for tests that need to intercept transport */
  fetch?: typeof fetch;
}

/** GitHub accepts at most 50 annotations per check-run request; more go in follow-up PATCHes. */
const ANNOTATIONS_PER_REQUEST = 50;
const SILENT = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * GitHubGateway over @octokit/app: the App JWT mints installation tokens, which @octokit/auth-app caches and
 * reuses until a minute before they expire. Check runs use the installation's token; pipeline reads use a
 * token per repository read with `contents: read` only (pipeline-reads.ts, read-token.ts). No retry or throttling plugin is installed: Temporal owns retries,
 * and every error is classified once by classifyGitHubError.
 */
export function createGitHubGateway(options: GitHubGatewayOptions): GitHubGateway {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const GatewayOctokit = Octokit.plugin(githubMetricsPlugin).defaults({
    baseUrl,
    userAgent: options.userAgent ?? 'kube-ci-temporal',
    request: { fetch: sameOriginFetch(baseUrl, options.fetch) },
  });
  const log = options.log ?? SILENT;
  const app = new App({
    appId: options.appId,
    privateKey: options.privateKey,
    Octokit: GatewayOctokit,
    log,
  });

  const reads = createPipelineReads(
    createReadOctokits(
      app,
      (token, installationId) => new GatewayOctokit({ auth: token, installationId, log: options.log ?? SILENT }),
    ),
  );

  async function call<T>(
    at: InstallationRepo,
    action: string,
    work: (octokit: Octokit, headers: Record<string, string>) => Promise<T>,
  ): Promise<T> {
    try {
      const octokit = (await app.getInstallationOctokit(at.installationId)) as unknown as Octokit;
      return await work(octokit, deliveryHeaders(at));
    } catch (error) {
      throw classifyGitHubError(error, `${action} ${at.repo.owner}/${at.repo.name}`);
    }
  }

  const repoParams = (at: InstallationRepo) => ({ owner: at.repo.owner, repo: at.repo.name });

  /** Annotations past the first 50 go in follow-up PATCHes (GitHub appends them); each is fitted and guarded too. */
  async function sendRemainingAnnotations(
    patch: (params: UpdateCheckRunParams) => Promise<unknown>,
    action: string,
    params: UpdateCheckRunParams | CreateCheckRunParams,
    rest: CheckRunAnnotation[],
  ) {
    for (let i = 0; i < rest.length; i += ANNOTATIONS_PER_REQUEST) {
      const output = {
        title: params.output!.title,
        summary: params.output!.summary,
        annotations: rest.slice(i, i + ANNOTATIONS_PER_REQUEST),
      };
      await sendWithFallback(patch, { name: params.name, output }, { action, log });
    }
  }

  const patcher =
    (octokit: Octokit, at: InstallationRepo, id: number, headers: Record<string, string>) =>
    (params: UpdateCheckRunParams) =>
      octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...repoParams(at),
        check_run_id: id,
        ...checkRunBody(params),
        headers,
      });

  return {
    ...reads,
    ...createDeploymentCalls(call),
    ...createCommandCalls(call, {
      appId: Number(options.appId),
      orgInstallation: async (org) => {
        try {
          const { data } = await app.octokit.request('GET /orgs/{org}/installation', { org });
          return data.id;
        } catch (error) {
          if (isNotFound(error)) return null;
          throw classifyGitHubError(error, `find the App's installation on ${org}`);
        }
      },
    }),

    findInstallation: async (repo) => {
      try {
        const { data } = await app.octokit.request('GET /repos/{owner}/{repo}/installation', {
          owner: repo.owner,
          repo: repo.name,
        });
        return data.id;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw classifyGitHubError(error, `find the App's installation on ${repo.owner}/${repo.name}`);
      }
    },

    commitOfRef: createCommitOfRef(call),

    createCheckRun: (at, params) =>
      call(at, `create check run ${params.name}`, async (octokit, headers) => {
        const [first, rest] = splitAnnotations(params);
        const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
          ...repoParams(at),
          ...(checkRunBody(first) as { name: string; head_sha: string }),
          headers,
        });
        const patch = patcher(octokit, at, Number(data.id), headers);
        await sendRemainingAnnotations(patch, `update check run ${data.id}`, params, rest);
        return toCheckRunSummary(data);
      }),

    updateCheckRun: (at, checkRunId, params) =>
      call(at, `update check run ${checkRunId}`, async (octokit, headers) => {
        const action = `update check run ${checkRunId} in ${at.repo.owner}/${at.repo.name}`;
        const patch = patcher(octokit, at, checkRunId, headers);
        const [first, rest] = splitAnnotations(params);
        await sendWithFallback(patch, first, { action, log });
        await sendRemainingAnnotations(patch, action, params, rest);
      }),

    getCheckRun: (at, checkRunId) =>
      call(at, `get check run ${checkRunId}`, async (octokit, headers) => {
        try {
          const { data } = await octokit.request('GET /repos/{owner}/{repo}/check-runs/{check_run_id}', {
            ...repoParams(at),
            check_run_id: checkRunId,
            headers,
          });
          return toCheckRunSummary(data);
        } catch (error) {
          if (isNotFound(error)) return null;
          throw error;
        }
      }),

    listCheckRunsForRef: (at, sha, name) =>
      call(at, `list check runs ${name} on ${sha}`, async (octokit, headers) => {
        const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
          ...repoParams(at),
          ref: sha,
          check_name: fitCheckRunName(name),
          filter: 'all',
          app_id: Number(options.appId),
          per_page: 100,
          headers,
        });
        return runs.map((run): CheckRunSummary => toCheckRunSummary(run));
      }),
  };
}

/** The first request carries every field and up to 50 annotations; the rest are returned for follow-ups. */
function splitAnnotations<P extends CreateCheckRunParams | UpdateCheckRunParams>(params: P): [P, CheckRunAnnotation[]] {
  const annotations = params.output?.annotations;
  if (!params.output || !annotations || annotations.length <= ANNOTATIONS_PER_REQUEST) return [params, []];
  const output = { ...params.output, annotations: annotations.slice(0, ANNOTATIONS_PER_REQUEST) };
  return [{ ...params, output }, annotations.slice(ANNOTATIONS_PER_REQUEST)];
}
