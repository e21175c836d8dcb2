/**
 * forkNoticeWorkflow — tells a fork PR that kube-ci does not build it by itself (issue 8 item 3): on opened,
 * reopened and ready_for_review how `/kube-ci ok-to-test` approves its head commit, on synchronize that the new
 * commits need a new approval (an approval covers only the commit it was given for, workflows/comment-command.ts).
 * Started by the API (temporal/fork-notice.ts) under `fork-notice/<owner>/<repo>/<pr>/<sha>` once ever, so a
 * redelivered event or a PR reopened on the same commit posts one comment. One activity; no messages; first
 * version, no patches.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { forkNoticeText, type ForkNotice } from '../domain/fork-notice';

/** One fork PR event's notice. */
export interface ForkNoticeInput {
  notice: ForkNotice;
  /** `X-GitHub-Delivery` of the pull_request event */
  deliveryId: string;
}

/** The posted comment's id. */
export interface ForkNoticeResult {
  commentId: number;
}

/** One GitHub call: short, retried through an outage of up to an hour (a non-retryable failure fails the workflow). */
const { postForkNotice } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Posts the notice's text on the PR. */
export async function forkNoticeWorkflow({ notice, deliveryId }: ForkNoticeInput): Promise<ForkNoticeResult> {
  const { id } = await postForkNotice({ notice, body: forkNoticeText(notice), deliveryId });
  return { commentId: id };
}
