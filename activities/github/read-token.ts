/**
 * Read-only installation tokens scoped to one repository, for reading pipelines (`.kube-ci/`, github://
 * loads, loadFile()). Minted with `POST /app/installations/{id}/access_tokens` and `repositories: [name]`,
 * `permissions: { contents: 'read' }` (GitHub adds `metadata: read`), through @octokit/auth-app's
 * installation auth (`repositoryNames`, `permissions`), whose LRU caches each (installation, repository,
 * permissions) token until a minute before it expires.
 *
 * Why not `app.getInstallationOctokit`: its request hook re-mints with the installation id alone and drops
 * `repositoryNames`/`permissions` (@octokit/auth-app 8 `hook.js` calls `getInstallationAuthentication(state, {})`),
 * so it can only hand out the installation's full token. Here the scoped token is fetched explicitly and given
 * to a plain token-auth Octokit; the auth-app hook's retry of a 401 from a token minted less than 5 s ago
 * (GitHub's replication delay) is kept by the small hook below.
 */
import type { App } from '@octokit/app';
import type { Octokit } from '@octokit/rest';
import { ApplicationFailure } from '@temporalio/common';
import { Failure } from '../../domain/failures';

/** The installation cannot mint a token for the repository: it does not exist, or the App does not see it. */
export class RepositoryNotReadable extends Error {
  override name = 'RepositoryNotReadable';
}

/** What the read tokens are minted with: fixed, so the token cache key is stable. */
export const READ_PERMISSIONS = { contents: 'read' } as const;

const REPLICATION_WINDOW_MS = 5000;

interface TokenAuthentication {
  token: string;
  createdAt: string;
}

/** Octokit clients, one per call, authenticated with the read-only token of one repository. */
export function createReadOctokits(app: App, withToken: (token: string, installationId: number) => Octokit) {
  return async function readOctokit(installationId: number, repository: string): Promise<Octokit> {
    let auth: TokenAuthentication;
    try {
      auth = (await app.octokit.auth({
        type: 'installation',
        installationId,
        // as spelled by the webhook or the script: GitHub resolves names, the cache keys on the spelling
        repositoryNames: [repository],
        permissions: { ...READ_PERMISSIONS },
      })) as TokenAuthentication;
    } catch (error) {
      // 422 names the reason: a repository outside the installation, or a permission the App was not granted
      const { status, message } = error as { status?: unknown; message?: unknown };
      if (status === 422 && /permission/i.test(String(message)))
        throw ApplicationFailure.nonRetryable(
          `GitHub will not mint a contents: read token for ${repository} (does the App have Contents: read?): ${String(message)}`,
          Failure.GitHubPermissionDenied,
          { status },
        );
      if (status === 422 || status === 404)
        throw new RepositoryNotReadable(`the App's installation cannot read repository ${repository}`);
      throw error;
    }
    const octokit = withToken(auth.token, installationId);
    const createdAt = Date.parse(auth.createdAt);
    octokit.hook.wrap('request', async (request, options) => {
      try {
        return await request(options);
      } catch (error) {
        const fresh = Date.now() - createdAt < REPLICATION_WINDOW_MS;
        if ((error as { status?: unknown }).status !== 401 || !fresh) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return await request(options);
      }
    });
    return octokit;
  };
}
