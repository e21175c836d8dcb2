import type { ForkNotice } from '../domain/fork-notice';
import type { ActivityDeps } from './deps';

/** What `postForkNotice` posts, and on which PR. */
export interface PostForkNoticeInput {
  notice: ForkNotice;
  /** the comment's text, decided by the workflow (domain/fork-notice.ts) */
  body: string;
  /** `X-GitHub-Delivery` of the pull_request event, for the GitHub request's logs */
  deliveryId: string;
}

/**
 * The one effect of workflows/fork-notice.ts: a comment on the fork PR (Issues: write). Errors are classified by the
 * GitHub gateway; a retry after a lost answer may, rarely, post twice (GitHub has no idempotent comment create).
 */
export function makePostForkNotice(deps: ActivityDeps) {
  return async function postForkNotice({ notice, body, deliveryId }: PostForkNoticeInput): Promise<{ id: number }> {
    const at = { installationId: notice.installationId, repo: notice.repo, deliveryId };
    return await deps.github.createIssueComment(at, notice.pullRequest, body);
  };
}
