import type { JSONValue } from '../../starlark-wasm/src/index';
import { ApplicationFailure } from '@temporalio/activity';
import type { EvaluationLimits, StarlarkPool } from '../../starlark-wasm/src/index';
import { buildStarlarkInput, CHANGED_FILES_FIELD } from '../../pipeline/build-input';
import type { ChangedFiles } from '../../domain/path-filter';
import { ModuleUnavailable, type ModuleSources } from '../../pipeline/module-sources';
import { renderStarlark } from '../../pipeline/render-starlark';
import type { GitHubGateway } from '../github/gateway';
import { githubTarget } from '../github-target';
import type { StarlarkRenderer } from '../load-pipeline';
import { secondsSince } from '../../metrics/registry';
import { recordStarlarkEvaluation } from '../../metrics/starlark';
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
  const pool = measuredPool(options.pool);
  return async ({ trigger, repo, files, event, changedFiles }) => {
    const at = githubTarget(trigger);
    const watch = new MentionWatch();
    const sources: ModuleSources = {
      context: async (path) => watch.seen(await files.read(path)),
      github: watch.once(async ({ owner, repo: name, path, ref }) => {
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
      }),
      https: watch.once(fetchHttps),
    };
    const render = (changes: ChangedFiles | undefined) =>
      renderStarlark({
        pool,
        entryFile: options.pipelineFiles.starlarkFile,
        contextPath: options.pipelineFiles.contextPath,
        origin: { owner: trigger.repo.owner, repo: trigger.repo.name, ref: trigger.sha },
        input: buildStarlarkInput({
          ...trigger,
          repoInfo: repo,
          // The payload's repository is GitHub's full object, as the original exposed it.
          ...(isRecord(event?.['repository']) ? { repository: event['repository'] as Record<string, JSONValue> } : {}),
          ...(event ? { event: event as Record<string, JSONValue> } : {}),
          ...(changes ? { changedFiles: changes } : {}),
        }),
        sources,
        limits: options.limits,
        ...(options.githubRepos ? { githubRepos: options.githubRepos } : {}),
      });
    if (!changedFiles) return await render(undefined);
    // The entry file is read once (the folder caches it): a script naming changed_files gets them at once.
    if (MentionWatch.mentions(await files.read(options.pipelineFiles.starlarkFile)))
      return await render(await changedFiles());
    const first = await render(undefined);
    // A module loaded on the way named them: evaluate again with the list (its modules are read once).
    return watch.mentioned ? await render(await changedFiles()) : first;
  };
}

/**
 * Whether any Starlark source the evaluation read names `changed_files`: the list costs a GitHub request, so
 * it is read only for scripts that can use it. Why not always: a default run would pay one more request
 * (issue 10). Why not a lazy value: `input` is plain data handed to the engine before evaluation starts.
 * `once` keeps each module's text for a second evaluation, so it is not read twice.
 */
class MentionWatch {
  mentioned = false;

  static mentions(text: string | null): boolean {
    return text !== null && text.includes(CHANGED_FILES_FIELD);
  }

  seen(text: string | null): string | null {
    if (MentionWatch.mentions(text)) this.mentioned = true;
    return text;
  }

  once<A>(read: (address: A) => Promise<string | null>): (address: A) => Promise<string | null> {
    const texts = new Map<string, Promise<string | null>>();
    return (address) => {
      const key = JSON.stringify(address);
      if (!texts.has(key)) texts.set(key, read(address));
      return texts.get(key)!.then((text) => this.seen(text));
    };
  }
}

/** The pool with each evaluation counted and timed (metrics/starlark.ts); a thrown evaluation counts as `crash`. */
function measuredPool(pool: StarlarkPool): StarlarkPool {
  return {
    async evaluate(request) {
      const started = Date.now();
      try {
        const result = await pool.evaluate(request);
        recordStarlarkEvaluation(result.ok ? 'ok' : result.error.kind, secondsSince(started));
        return result;
      } catch (error) {
        recordStarlarkEvaluation('crash', secondsSince(started));
        throw error;
      }
    },
    close: () => pool.close(),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
