import { isNotFound } from './classify-github-error';
import type { CommandCalls } from './command-calls';
import type { InstallationCall } from './deployments';
import type { InstallationRepo } from './gateway';

/** Branch heads and file writes of `/kube-ci setup`, `/ci-build` and `/ci-setup` (Contents: write for the writes). */
export function createContentCalls(call: InstallationCall): Pick<CommandCalls, 'getBranchHead' | 'putFile'> {
  const repoParams = (at: InstallationRepo) => ({ owner: at.repo.owner, repo: at.repo.name });
  return {
    getBranchHead: (at, branch) =>
      call(at, `read branch ${branch}`, async (octokit, headers) => {
        try {
          const { data } = await octokit.request('GET /repos/{owner}/{repo}/branches/{branch}', {
            ...repoParams(at),
            branch,
            headers,
          });
          return data.commit.sha;
        } catch (error) {
          if (isNotFound(error)) return null;
          throw error;
        }
      }),

    putFile: (at, file) =>
      call(at, `write ${file.path} on ${file.branch}`, async (octokit, headers) => {
        let sha: string | undefined;
        try {
          const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
            ...repoParams(at),
            path: file.path,
            ref: file.branch,
            headers,
          });
          if (!Array.isArray(data) && data.type === 'file') sha = data.sha;
        } catch (error) {
          // G18: no `.kube-ci/` yet is the common case, not an error
          if (!isNotFound(error)) throw error;
        }
        const { data } = await octokit.request('PUT /repos/{owner}/{repo}/contents/{path}', {
          ...repoParams(at),
          path: file.path,
          branch: file.branch,
          message: file.message,
          content: Buffer.from(file.content, 'utf8').toString('base64'),
          ...(sha ? { sha } : {}),
          headers,
        });
        return { commitSha: data.commit.sha ?? '' };
      }),
  };
}
