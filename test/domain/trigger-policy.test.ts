import { describe, expect, it } from 'vitest';
import { decideRun } from '../../domain/run-decision';
import type { CiTrigger, PullRequestInfo, RunSettings } from '../../domain/types';
import { pipeline, settingsWith, triggerWith } from './fixtures';

/**
 * The policy as the triggers of issue 8 meet it, through decideRun (SPEC B §21 P1–P6 adapted to Part A: a
 * rejection is a `skip` without a check run, G12), plus draft, fork, tag and merge-queue cases.
 */
const P2_MESSAGE =
  'checks are not automatically run for base branches that do not match `^main$`, you can run manually using `/kube-ci run`';
const DRAFT_MESSAGE = 'auto checks Draft PRs are disabled, you can run manually using `/kube-ci run`';
const FORK_MESSAGE = 'refusing to build non-local PR, org members can run them manually using `/kube-ci run`';
const URL = 'https://api.github.com/repos/o/r';

function pr(overrides: Partial<PullRequestInfo> = {}): PullRequestInfo {
  return {
    number: 1,
    headRef: 'feature',
    headSha: 'a',
    baseRef: 'main',
    headRepoUrl: URL,
    baseRepoUrl: URL,
    ...overrides,
  };
}

const RUN_FOR_TAG = { 'kube-ci.qutics.com/runForTag': 'true' };

describe('decideRun: the trigger policy table', () => {
  it.each<[string, Partial<CiTrigger>, Partial<RunSettings>, Record<string, string>, string | undefined]>([
    ['P1: empty config, no PRs, master', { ref: 'master' }, {}, {}, undefined],
    ['P2: ^main$, no PRs, master', { ref: 'master' }, { buildBranches: '^main$' }, {}, P2_MESSAGE],
    ['P3: empty config, same-repo PR', { source: 'pull_request', pullRequests: [pr()] }, {}, {}, undefined],
    [
      'P4: ^main$, PR with an empty base',
      { source: 'pull_request', pullRequests: [pr({ baseRef: '' })] },
      { buildBranches: '^main$' },
      {},
      P2_MESSAGE,
    ],
    [
      'P5: drafts allowed, a draft PR (pull_request event)',
      { source: 'pull_request', pullRequests: [pr({ draft: true })] },
      { buildDraftPRs: true },
      {},
      undefined,
    ],
    [
      'P6: drafts disabled, a draft PR (pull_request event)',
      { source: 'pull_request', pullRequests: [pr({ draft: true })] },
      {},
      {},
      DRAFT_MESSAGE,
    ],
    ['a check suite’s minimal PR objects carry no draft flag: built', { pullRequests: [pr()] }, {}, {}, undefined],
    [
      'fork PR listed on a check suite',
      { pullRequests: [pr({ headRepoUrl: 'https://api.github.com/repos/fork/r' })] },
      { buildDraftPRs: true },
      {},
      FORK_MESSAGE,
    ],
    [
      'a fork PR run by an explicit command bypasses the fork rule (G12)',
      { source: 'slash_command', pullRequests: [pr({ headRepoUrl: 'https://api.github.com/repos/fork/r' })] },
      {},
      {},
      undefined,
    ],
    [
      'a tag without runForTag',
      { source: 'tag', refType: 'tag', ref: 'v1.0.0' },
      {},
      {},
      'the pipeline does not run for tag v1.0.0 (runForTag)',
    ],
    ['a tag with runForTag', { source: 'tag', refType: 'tag', ref: 'v1.0.0' }, {}, RUN_FOR_TAG, undefined],
    [
      'a tag with runForTag must match buildBranches (the original’s rule)',
      { source: 'tag', refType: 'tag', ref: 'v1.0.0' },
      { buildBranches: '^main$' },
      RUN_FOR_TAG,
      P2_MESSAGE,
    ],
    [
      'a merge group into main, buildBranches ^main$: matched on the base branch',
      { source: 'merge_group', ref: 'gh-readonly-queue/main/pr-1-abc', mergeGroup: { baseRef: 'main' } },
      { buildBranches: '^main$' },
      {},
      undefined,
    ],
    [
      'a merge group into release, buildBranches ^main$',
      { source: 'merge_group', ref: 'gh-readonly-queue/release/pr-1-abc', mergeGroup: { baseRef: 'release' } },
      { buildBranches: '^main$' },
      {},
      'checks are not automatically run for base branches that do not match `^main$`, you can run manually using `/kube-ci run`',
    ],
    [
      'a merge group when the pipeline has runForBranch false',
      { source: 'merge_group', ref: 'gh-readonly-queue/main/pr-1-abc', mergeGroup: { baseRef: 'main' } },
      {},
      { 'kube-ci.qutics.com/runForBranch': 'false' },
      'the pipeline does not run for branch gh-readonly-queue/main/pr-1-abc (runForBranch)',
    ],
  ])('%s', (_what, trigger, settings, annotations, skipReason) => {
    const decision = decideRun({
      trigger: triggerWith(trigger),
      workflow: pipeline(annotations),
      settings: settingsWith(settings),
    });
    if (skipReason === undefined) expect(decision).toMatchObject({ kind: 'run', checkRunName: 'Workflow - build' });
    else expect(decision).toEqual({ kind: 'skip', reason: skipReason });
  });
});
