import type { Client } from '@temporalio/client';
import { forkNoticeWorkflowIdFor } from '../domain/ids';
import type { forkNoticeWorkflow } from '../workflows';
import type { ForkNoticeInput } from '../workflows/fork-notice';
import { PullRequestAttribute, RepoAttribute } from '../workflows/search-attributes';
import { startOnce, type StartResult } from './start-once';

/**
 * Starts a `forkNoticeWorkflow` under `fork-notice/<owner>/<repo>/<pr>/<sha>` (`forkNoticeWorkflowIdFor`), once
 * ever: a redelivered event, or the PR reopened on the same commit, answers `started: false` and posts nothing.
 */
export async function startForkNotice(client: Client, taskQueue: string, input: ForkNoticeInput): Promise<StartResult> {
  const { notice } = input;
  return await startOnce<typeof forkNoticeWorkflow>(client, 'forkNoticeWorkflow', {
    taskQueue,
    workflowId: forkNoticeWorkflowIdFor(notice),
    args: [input],
    typedSearchAttributes: [
      { key: RepoAttribute, value: `${notice.repo.owner}/${notice.repo.name}` },
      { key: PullRequestAttribute, value: notice.pullRequest },
    ],
  });
}
