import { compileRegex, type Pattern } from './regex';
import type { PullRequestInfo } from './types';

/** What the branch/draft/fork rules look at (SPEC B 7.4). */
export interface PolicyInput {
  /** branch or tag being built */
  headRef: string;
  pullRequests: PullRequestInfo[];
  /** RE2 source; '' means no branch restriction */
  buildBranches: string;
  buildDraftPRs: boolean;
}

/** The policy's verdict; a rejection carries the user-facing message. */
export type PolicyResult = { kind: 'allow' } | { kind: 'reject'; message: string };

const MANUAL_HINT = 'you can run manually using `/kube-ci run`';

/**
 * `workflow.go: policy` (SPEC B 7.4), messages verbatim. With PRs: fork PRs are refused, at least
 * one PR base must match `buildBranches`, and draft-only PR sets need `buildDraftPRs`. Without
 * PRs the head ref (branch or tag name) must match `buildBranches`.
 *
 * Callers apply it to automatic triggers only (G12): see `decideRun`.
 */
export function policy({ headRef, pullRequests, buildBranches, buildDraftPRs }: PolicyInput): PolicyResult {
  let branches: Pattern | undefined;
  if (buildBranches !== '') {
    const compiled = compileRegex(buildBranches);
    if (!compiled.ok) return { kind: 'reject', message: `buildBranches: ${compiled.error}` };
    branches = compiled.re;
  }
  const branchMessage = `checks are not automatically run for base branches that do not match \`${buildBranches}\`, ${MANUAL_HINT}`;

  if (pullRequests.length === 0) {
    if (branches && !branches.test(headRef)) return { kind: 'reject', message: branchMessage };
    return { kind: 'allow' };
  }
  if (pullRequests.some((pr) => pr.headRepoUrl !== pr.baseRepoUrl)) {
    return {
      kind: 'reject',
      message: `refusing to build non-local PR, org members can run them manually using \`/kube-ci run\``,
    };
  }
  if (branches && !pullRequests.some((pr) => branches.test(pr.baseRef))) {
    return { kind: 'reject', message: branchMessage };
  }
  if (!buildDraftPRs && pullRequests.every((pr) => pr.draft === true)) {
    return { kind: 'reject', message: `auto checks Draft PRs are disabled, ${MANUAL_HINT}` };
  }
  return { kind: 'allow' };
}
