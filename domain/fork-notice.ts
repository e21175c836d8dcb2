import type { RepoRef } from './types';

/** The `pull_request` actions of a fork PR that tell it why it was not built. */
export type ForkNoticeAction = 'opened' | 'reopened' | 'ready_for_review' | 'synchronize';

/**
 * A fork PR's event that kube-ci does not build by itself (issue 8 item 3): the PR is told, once per head commit
 * (workflows/fork-notice.ts, under {@link forkNoticeWorkflowIdFor} in domain/ids.ts), what approves a run.
 */
export interface ForkNotice {
  installationId: number;
  repo: RepoRef;
  pullRequest: number;
  /** the PR's head commit, the one an approval would build */
  sha: string;
  action: ForkNoticeAction;
}

/** Length of the commit abbreviation in the text, as `git log --oneline` prints it. */
const SHORT_SHA = 7;

/**
 * The comment a fork PR gets: on opened, reopened and ready_for_review, that kube-ci does not build it by itself and
 * how someone with write access approves the head commit; on synchronize, that the new commits need a new approval
 * (an approval covers only the commit it was given for, workflows/comment-command.ts pins the run to it).
 */
export function forkNoticeText(notice: Pick<ForkNotice, 'sha' | 'action'>): string {
  const short = notice.sha.slice(0, SHORT_SHA);
  if (notice.action === 'synchronize')
    return (
      `New commits (${short}) need a new \`/kube-ci ok-to-test\`: an approval covers only the commit it was given ` +
      'for. Someone with write access can comment `/kube-ci ok-to-test` to build this one.'
    );
  return (
    'This pull request comes from a fork, so kube-ci does not build it by itself. Someone with write access ' +
    `can comment \`/kube-ci ok-to-test\` to build commit ${short}; later pushes need a new approval.`
  );
}
