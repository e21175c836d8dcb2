import type { JSONValue } from '../../starlark-wasm/src/index';
import { ApplicationFailure } from '@temporalio/activity';
import type { EvaluationLimits, StarlarkPool } from '../../starlark-wasm/src/index';
import { buildStarlarkInput } from '../../pipeline/build-input';
import { ModuleUnavailable, type ModuleSources } from '../../pipeline/module-sources';
import { renderStarlark } from '../../pipeline/render-starlark';
import type { GitHubGateway } from '../github/gateway';
import { githubTarget } from '../github-target';
import type { StarlarkRenderer } from '../load-pipeline';
import { createHttpsFetcher, type HttpsFetcher, type HttpsFetchOptions } from './https-fetcher';

export interface StarlarkRendererOptions {
  pool: StarlarkPool;
  github: GitHubGateway;
  /** how https:// loads are fetched: options for the checked fetcher, or a fetcher (tests) */
  https: HttpsFetchOptions | HttpsFetcher;
  limits: EvaluationLimits;
  pipelineFiles: { contextPath: string; starlarkFile: string };
  /**
   * Repositories github:// loads and loadFile() may read besides the run's own: `owner/repo`, `owner/*`,
   * `{owner}/…` for the run's owner (pipeline/read-scope.ts). Default `{owner}/*`.
   */
  githubRepos?: readonly string[];
}

/**
 * The worker's `StarlarkRenderer` (activities/load-pipeline.ts): evaluates `ci.star` from the context
 * files read at the commit. github:// modules of the repositories `githubRepos` allows (the rest are
 * refused before any request) are read through the GitHubGateway with a read-only token minted for exactly
 * the repository read — by the run's installation, or for another owner the App's installation there — at
 * the ref the URL rules give. A permanent
 * GitHub failure (403, 404 of the repository) is the script's problem; transient ones propagate so the
 * activity retries.
 */
export function createStarlarkRenderer(options: StarlarkRendererOptions): StarlarkRenderer {
  const fetchHttps = typeof options.https === 'function' ? options.https : createHttpsFetcher(options.https);
  return async ({ trigger, repo, files, event }) => {
    const at = githubTarget(trigger);
    const sources: ModuleSources = {
      context: (path) => files.read(path),
      github: async ({ owner, repo: name, path, ref }) => {
        try {
          // an installation covers one owner: another owner's repository is read through the App's installation there
          const sameOwner = owner.toLowerCase() === trigger.repo.owner.toLowerCase();
          const installationId = sameOwner ? at.installationId : await options.github.findInstallation({ owner, name });
          if (installationId === null) throw new ModuleUnavailable(`the GitHub App is not installed on ${owner}`);
          return await options.github.getFile({ ...at, installationId, repo: { owner, name } }, path, ref);
        } catch (err) {
          if (err instanceof ApplicationFailure && err.nonRetryable) throw new ModuleUnavailable(err.message);
          throw err;
        }
      },
      https: fetchHttps,
    };
    const rendered = await renderStarlark({
      pool: options.pool,
      entryFile: options.pipelineFiles.starlarkFile,
      contextPath: options.pipelineFiles.contextPath,
      origin: { owner: trigger.repo.owner, repo: trigger.repo.name, ref: trigger.sha },
      input: buildStarlarkInput({
        ...trigger,
        repoInfo: repo,
        // The payload's repository is GitHub's full object, as the original exposed it.
        ...(isRecord(event?.['repository']) ? { repository: event['repository'] as Record<string, JSONValue> } : {}),
        ...(event ? { event: event as Record<string, JSONValue> } : {}),
      }),
      sources,
      limits: options.limits,
      ...(options.githubRepos ? { githubRepos: options.githubRepos } : {}),
    });
    return rendered;
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
