import type { Client } from '@temporalio/client';
import { commandWorkflowIdFor, type CommentCommandRequest } from '../domain/comment-command-event';
import type { RepoRef } from '../domain/types';
import { slackWorkflowIdFor, type SlackCommandRequest } from '../domain/slack-command';
import type { commentCommandWorkflow, slackCommandWorkflow } from '../workflows';
import { PullRequestAttribute, RepoAttribute } from '../workflows/search-attributes';
import { startOnce, type StartResult } from './start-once';

/**
 * Starts a `commentCommandWorkflow` under `command/<owner>/<repo>/<comment or issue key>`, once ever: a redelivered
 * comment answers `started: false` and its command is not run again.
 */
export async function startCommentCommand(
  client: Client,
  taskQueue: string,
  request: CommentCommandRequest,
): Promise<StartResult> {
  return await startOnce<typeof commentCommandWorkflow>(client, 'commentCommandWorkflow', {
    taskQueue,
    workflowId: commandWorkflowIdFor(request),
    args: [{ request }],
    typedSearchAttributes: [
      { key: RepoAttribute, value: `${request.repo.owner}/${request.repo.name}` },
      { key: PullRequestAttribute, value: request.issueNumber },
    ],
  });
}

/** Which pull request's runs `/kube-ci cancel` ends. */
export interface PullRequestRunsQuery {
  repo: RepoRef;
  pullRequest: number;
}

/**
 * Cancels every running `ciRunWorkflow` of the repository whose `PullRequest` search attribute is the PR (runs
 * started with the PR in their trigger); each stops its Argo Workflow and concludes its check run `cancelled`.
 * Returns the cancelled ids; cancelling twice is harmless.
 */
export async function cancelPullRequestRuns(client: Client, query: PullRequestRunsQuery): Promise<string[]> {
  const visibility =
    `WorkflowType = 'ciRunWorkflow' AND ExecutionStatus = 'Running' AND ` +
    `Repo = '${query.repo.owner}/${query.repo.name}' AND PullRequest = ${Math.trunc(query.pullRequest)}`;
  const cancelled: string[] = [];
  for await (const run of client.workflow.list({ query: visibility })) {
    await client.workflow.getHandle(run.workflowId, run.runId).cancel();
    cancelled.push(run.workflowId);
  }
  return cancelled;
}

/** Starts a `slackCommandWorkflow` under `slack/<owner>/<repo>/<key>`, once: a replayed request does nothing again. */
export async function startSlackCommand(
  client: Client,
  taskQueue: string,
  request: SlackCommandRequest,
): Promise<StartResult> {
  return await startOnce<typeof slackCommandWorkflow>(client, 'slackCommandWorkflow', {
    taskQueue,
    workflowId: slackWorkflowIdFor(request),
    args: [{ request }],
    typedSearchAttributes: [
      { key: RepoAttribute, value: `${request.command.repo.owner}/${request.command.repo.name}` },
    ],
  });
}
