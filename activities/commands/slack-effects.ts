import { ApplicationFailure } from '@temporalio/common';
import { Failure } from '../../domain/failures';
import type { RepoInfo, RepoRef } from '../../domain/types';
import type { ActivityDeps } from '../deps';

/**
 * The Slack side of `/ci-build`, `/ci-deploy` and `/ci-setup` (workflows/slack-command.ts): which installation
 * serves the repository, the branch's commit, and the answer posted to the command's `response_url` with a link to
 * each run in the Temporal Web UI. The `response_url` comes from a request verified with Slack's signing secret.
 */
export function makeSlackEffects(deps: ActivityDeps) {
  const runLink = (workflowId: string) =>
    `${deps.temporal.uiBase.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return {
    async findInstallationOf({ repo }: { repo: RepoRef }): Promise<number | null> {
      return await deps.github.findInstallation(repo);
    },
    async readRepositoryAt(at: { installationId: number; repo: RepoRef }): Promise<RepoInfo> {
      return await deps.github.getRepository(at);
    },
    async branchHead(input: { installationId: number; repo: RepoRef; branch: string }): Promise<string | null> {
      return await deps.github.getBranchHead(input, input.branch);
    },
    async respondToSlack(input: { responseUrl: string; text: string; runs?: string[] }): Promise<void> {
      const links = (input.runs ?? []).map((id) => `<${runLink(id)}|${id}>`);
      const text = [input.text, ...links].join('\n');
      const res = await fetch(input.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'in_channel', text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) return;
      const message = `Slack answered ${res.status} to the command's response`;
      // 404/410: the response_url expired (30 minutes) or was used up; retrying cannot help
      if (res.status === 404 || res.status === 410)
        throw ApplicationFailure.nonRetryable(message, Failure.InternalError);
      throw new Error(message);
    },
  };
}
