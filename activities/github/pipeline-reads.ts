import type { Octokit } from '@octokit/rest';
import { ApplicationFailure } from '@temporalio/common';
import { Failure } from '../../domain/failures';
import { classifyGitHubError } from './classify-github-error';
import type { ContextFolder, GitHubGateway, InstallationRepo } from './gateway';
import { compareCommits } from './compare-commits';
import { readFile } from './read-files';
import { readContextFolderGraphql } from './read-context-graphql';
import { DEFAULT_CONTEXT_FOLDER_LIMITS } from '../../domain/context-folder-limits';
import { RepositoryNotReadable } from './read-token';
import { toRepoInfo } from './to-domain';

type ReadOctokit = (installationId: number, repository: string) => Promise<Octokit>;

/** GitHub ignores unknown headers; the delivery id ties our requests to the webhook in logs and fakes. */
export function deliveryHeaders(at: InstallationRepo): Record<string, string> {
  return at.deliveryId ? { 'x-github-delivery': at.deliveryId } : {};
}

/**
 * The gateway's pipeline reads, each with the read-only token of the repository it reads (read-token.ts).
 * A repository the installation cannot mint a token for reads as GitHub's 404 would: `null`, or a not-found
 * failure for the repository itself. Other errors are classified once, here, like every gateway error.
 */
export function createPipelineReads(
  readOctokit: ReadOctokit,
): Pick<GitHubGateway, 'getRepository' | 'getContextFolder' | 'getFile' | 'compareCommits'> {
  async function read<T>(
    at: InstallationRepo,
    action: string,
    missing: () => T,
    work: (octokit: Octokit, location: { owner: string; repo: string; headers: Record<string, string> }) => Promise<T>,
  ): Promise<T> {
    try {
      const octokit = await readOctokit(at.installationId, at.repo.name);
      return await work(octokit, { owner: at.repo.owner, repo: at.repo.name, headers: deliveryHeaders(at) });
    } catch (error) {
      if (error instanceof RepositoryNotReadable) return missing();
      throw classifyGitHubError(error, `${action} ${at.repo.owner}/${at.repo.name}`);
    }
  }

  /** The folder's files are read later, on demand: their errors are classified like the listing's. */
  function classifiedReads(at: InstallationRepo, folder: ContextFolder | null): ContextFolder | null {
    if (!folder) return null;
    return {
      ...folder,
      read: (path) =>
        folder.read(path).catch((error: unknown) => {
          throw classifyGitHubError(error, `read ${path} ${at.repo.owner}/${at.repo.name}`);
        }),
    };
  }

  return {
    getRepository: (at) =>
      read(
        at,
        'get repository',
        () => {
          throw ApplicationFailure.nonRetryable(
            `get repository ${at.repo.owner}/${at.repo.name}: not found, or not visible to the App's installation`,
            Failure.GitHubNotFound,
            { status: 404 },
          );
        },
        async (octokit, { owner, repo, headers }) => {
          const { data } = await octokit.request('GET /repos/{owner}/{repo}', { owner, repo, headers });
          return toRepoInfo(data);
        },
      ),

    getContextFolder: (at, dir, sha, options) =>
      read(
        at,
        `read ${dir} at ${sha}`,
        () => null,
        async (octokit, location) =>
          classifiedReads(
            at,
            await readContextFolderGraphql(octokit, { ...location, ref: sha }, dir, {
              maxDepth: options?.maxDepth ?? DEFAULT_CONTEXT_FOLDER_LIMITS.maxDepth,
              prefetch: options?.prefetch ?? [],
            }),
          ),
      ),

    getFile: (at, path, ref) =>
      read(
        at,
        `read ${path}`,
        () => null,
        (octokit, location) => readFile(octokit, { ...location, ref }, path),
      ),

    compareCommits: (at, range) =>
      read(
        at,
        `compare ${range.base}...${range.head}`,
        () => null,
        (octokit, location) => compareCommits(octokit, location, range),
      ),
  };
}
