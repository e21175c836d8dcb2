import type { CiTrigger } from './types';

/** Which two commits GitHub's compare API is asked about for a run's changed files. */
export type ChangeRange =
  | { kind: 'range'; base: string; head: string; of: 'pull request' | 'push' | 'merge group' }
  | { kind: 'none'; reason: string };

const SHA = /^[0-9a-f]{40}$/i;
const ZERO_SHA = /^0{40}$/;

/**
 * The commits whose difference is "what this run's change touched", from the webhook payload the run carries
 * (`input.event`). The head is always the commit being built.
 * - A pull request (`pull_request` events, and check suites or check runs listing pull requests): its base
 *   commit, compared three-dot, so the list is the pull request's whole change, as GitHub shows it.
 * - A merge group: its `base_sha`.
 * - A push without a pull request (check suites): `before`.
 * None for everything else, said why: tags, the first push of a branch, API and comment runs, a commit in
 * several pull requests with different bases, a payload left out of the run input (`kube_ci_event_omitted`).
 */
export function changeRange(trigger: CiTrigger, event: Record<string, unknown> | undefined): ChangeRange {
  const head = trigger.sha;
  if (!event) return { kind: 'none', reason: 'the run has no webhook payload to compare with' };
  if ('kube_ci_event_omitted' in event)
    return { kind: 'none', reason: 'the webhook payload was too large to keep with the run' };
  const pull = field(event, 'pull_request');
  if (pull) return fromPullRequests([pull], head);
  const group = field(event, 'merge_group');
  if (group) {
    const base = sha(group['base_sha']);
    return base ? { kind: 'range', base, head, of: 'merge group' } : none('the merge group names no base commit');
  }
  const suite = field(event, 'check_suite') ?? field(field(event, 'check_run'), 'check_suite');
  if (!suite) return none(`a ${trigger.refType === 'tag' ? 'tag' : trigger.source} run has no base to compare with`);
  const pulls = Array.isArray(suite['pull_requests']) ? (suite['pull_requests'] as unknown[]) : [];
  const records = pulls.filter(isRecord);
  if (records.length > 0) return fromPullRequests(records, head);
  const before = sha(suite['before']);
  if (!before || ZERO_SHA.test(before)) return none('the push created the branch: there is no earlier commit');
  return { kind: 'range', base: before, head, of: 'push' };
}

function fromPullRequests(pulls: Record<string, unknown>[], head: string): ChangeRange {
  const bases = new Set(pulls.map((pr) => sha(field(pr, 'base')?.['sha'])));
  if (bases.has(undefined)) return none('a pull request of the commit names no base commit');
  if (bases.size > 1)
    return none(`the commit is in ${pulls.length} pull requests with different bases: no one list of changes`);
  const [base] = [...bases] as string[];
  return { kind: 'range', base: base!, head, of: 'pull request' };
}

function none(reason: string): ChangeRange {
  return { kind: 'none', reason };
}

function sha(value: unknown): string | undefined {
  return typeof value === 'string' && SHA.test(value) ? value.toLowerCase() : undefined;
}

function field(value: unknown, key: string): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value[key];
  return isRecord(inner) ? inner : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
