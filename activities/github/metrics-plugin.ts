/**
 * An Octokit plugin that counts every request the gateway's clients send (metrics/github.ts) and records the
 * rate limit GitHub reports. Installation clients carry their id in `auth.installationId` (@octokit/app's
 * getInstallationOctokit); the read-token clients are given `installationId` (read-token.ts).
 */
import type { Octokit } from '@octokit/rest';
import { recordGitHubRequest } from '../../metrics/github';

interface PluginOptions {
  auth?: unknown;
  /** the installation a token-authenticated client belongs to */
  installationId?: number;
}

export function githubMetricsPlugin(octokit: Pick<Octokit, 'hook'>, options: PluginOptions): void {
  const fromAuth = (options.auth as { installationId?: unknown } | undefined)?.installationId;
  const installationId = options.installationId ?? (typeof fromAuth === 'number' ? fromAuth : undefined);
  octokit.hook.wrap('request', async (request, requestOptions) => {
    try {
      const response = await request(requestOptions);
      recordGitHubRequest(requestOptions, installationId, response);
      return response;
    } catch (error) {
      const { status, response } = error as { status?: number; response?: { headers?: Record<string, unknown> } };
      recordGitHubRequest(requestOptions, installationId, {
        ...(typeof status === 'number' ? { status } : {}),
        ...(response?.headers ? { headers: response.headers } : {}),
      });
      throw error;
    }
  });
}
