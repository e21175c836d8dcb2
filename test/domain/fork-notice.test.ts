import { describe, expect, it } from 'vitest';
import { forkNoticeText } from '../../domain/fork-notice';
import { forkNoticeWorkflowIdFor } from '../../domain/ids';

const sha = '0123456789abcdef0123456789abcdef01234567';

describe('forkNoticeText', () => {
  it.each(['opened', 'reopened', 'ready_for_review'] as const)(
    'on %s says kube-ci does not build a fork by itself and how to approve the head commit',
    (action) => {
      const text = forkNoticeText({ sha, action });
      expect(text).toBe(
        'This pull request comes from a fork, so kube-ci does not build it by itself. Someone with write access ' +
          'can comment `/kube-ci ok-to-test` to build commit 0123456; later pushes need a new approval.',
      );
    },
  );

  it('on synchronize says the new commits need a new approval, which covers only its commit', () => {
    expect(forkNoticeText({ sha, action: 'synchronize' })).toBe(
      'New commits (0123456) need a new `/kube-ci ok-to-test`: an approval covers only the commit it was given ' +
        'for. Someone with write access can comment `/kube-ci ok-to-test` to build this one.',
    );
  });
});

describe('forkNoticeWorkflowIdFor', () => {
  it('is one id per repository, PR and commit, whatever the action', () => {
    const notice = { repo: { owner: 'Codertocat', name: 'Hello World' }, pullRequest: 7, sha };
    expect(forkNoticeWorkflowIdFor(notice)).toBe(`fork-notice/Codertocat/Hello%20World/7/${sha}`);
    expect(forkNoticeWorkflowIdFor({ ...notice, pullRequest: 8 })).not.toBe(forkNoticeWorkflowIdFor(notice));
    expect(forkNoticeWorkflowIdFor({ ...notice, sha: sha.replace('0', 'f') })).not.toBe(
      forkNoticeWorkflowIdFor(notice),
    );
  });
});
