import { readFile } from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/common';
import type { CommentCommandRequest } from '../../domain/comment-command-event';
import { failedEntrypoints, type TemplateEntry } from '../../domain/command-replies';
import { Failure } from '../../domain/failures';
import type { CiTrigger, RepoInfo } from '../../domain/types';
import type { StartResult } from '../../temporal/gateway';
import type { PullRequestDetails, Reaction } from '../github/command-calls';
import type { InstallationRepo } from '../github/gateway';
import type { ActivityDeps } from '../deps';

/** What `writeSetupFile` writes, where, and for whom (the commit message names them). */
export interface SetupFileInput {
  at: InstallationRepo;
  template: string;
  branch: string;
  sender: string;
  /** the comment's URL, or `Slack` */
  via: string;
}

/** Where a command's GitHub calls go. */
export function commandTarget(request: CommentCommandRequest): InstallationRepo {
  return { installationId: request.installationId, repo: request.repo, deliveryId: request.deliveryId };
}

/**
 * The small effects of `/kube-ci` commands (workflows/comment-command.ts sequences them): reactions, replies,
 * reading the PR, starting and cancelling runs. Reactions, reads and starts are idempotent (a start uses the
 * run's workflow id); a retried reply may, rarely, post twice.
 */
export function makeCommandEffects(deps: ActivityDeps) {
  return {
    async reactToCommand({ request, reaction }: { request: CommentCommandRequest; reaction: Reaction }) {
      await deps.github.addReaction(commandTarget(request), request, reaction);
    },
    async replyToCommand({ request, body }: { request: CommentCommandRequest; body: string }) {
      await deps.github.createIssueComment(commandTarget(request), request.issueNumber, body);
    },
    async readPullRequest({ request }: { request: CommentCommandRequest }): Promise<PullRequestDetails | null> {
      return await deps.github.getPullRequest(commandTarget(request), request.issueNumber);
    },
    async readRepository({ request }: { request: CommentCommandRequest }): Promise<RepoInfo> {
      return await deps.github.getRepository(commandTarget(request));
    },
    /** the setup templates (config `templates`), for help and `setup` */
    async listSetupTemplates(): Promise<TemplateEntry[]> {
      return Object.entries(deps.commands?.templates ?? {}).map(([name, t]) => ({ name, description: t.description }));
    },
    async startCommandRun({ trigger, runKey }: { trigger: CiTrigger; runKey: string }): Promise<StartResult> {
      return await deps.temporal.gateway.startCiRun({ trigger, runKey });
    },
    async failedEntrypointsOf({ request, sha }: { request: CommentCommandRequest; sha: string }): Promise<string[]> {
      return failedEntrypoints(await deps.github.listCommitCheckRuns(commandTarget(request), sha));
    },
    async cancelPullRequestRuns({ request }: { request: CommentCommandRequest }): Promise<{ cancelled: string[] }> {
      const cancelled = await deps.temporal.gateway.cancelPullRequestRuns({
        repo: request.repo,
        pullRequest: request.issueNumber,
      });
      return { cancelled };
    },
    /** `/kube-ci setup`, `/ci-setup`: writes the template's file to `<ciContextPath>/<ciYAMLFile>` on `branch` (G18) */
    async writeSetupFile(input: SetupFileInput): Promise<{ path: string; commitSha: string }> {
      const { at, template, branch, sender, via } = input;
      const spec = deps.commands?.templates[template];
      if (!spec) throw ApplicationFailure.nonRetryable(`unknown template ${template}`, Failure.InternalError);
      let content: string;
      try {
        content = await readFile(spec.ci, 'utf8');
      } catch {
        throw ApplicationFailure.nonRetryable(
          `couldn't read template file for ${template}, ci server config is broken!`,
          Failure.InternalError,
        );
      }
      const path = `${deps.pipelineFiles.contextPath}/${deps.pipelineFiles.yamlFile}`;
      const message = `kube-ci configured by ${sender} via ${via}`;
      const { commitSha } = await deps.github.putFile(at, { path, branch, content, message });
      return { path, commitSha };
    },
  };
}
