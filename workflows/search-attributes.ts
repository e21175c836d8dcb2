import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import { pushedAtMs } from '../domain/supersede';
import type { CiTrigger } from '../domain/types';

/**
 * Custom search attributes every CI run carries, so a person can find runs in the Temporal Web UI with
 * queries like `Repo = "org/name"` or `Commit = "<sha>"`. Registered at worker and API start
 * (`worker/search-attributes.ts`); names are persisted, so never rename them.
 */
export const RepoAttribute = defineSearchAttributeKey('Repo', SearchAttributeType.KEYWORD);
export const BranchAttribute = defineSearchAttributeKey('Branch', SearchAttributeType.KEYWORD);
export const CommitAttribute = defineSearchAttributeKey('Commit', SearchAttributeType.KEYWORD);
export const PullRequestAttribute = defineSearchAttributeKey('PullRequest', SearchAttributeType.INT);
export const TriggerAttribute = defineSearchAttributeKey('Trigger', SearchAttributeType.KEYWORD);
export const EntrypointAttribute = defineSearchAttributeKey('Entrypoint', SearchAttributeType.KEYWORD);
/** set whenever the run ends: success, failure, cancelled, skipped, no-pipeline, invalid-pipeline */
export const OutcomeAttribute = defineSearchAttributeKey('Outcome', SearchAttributeType.KEYWORD);
/**
 * `open` once the run's check run exists, `concluded` once GitHub took its conclusion. A closed run still
 * `open` left its check run open (terminated, timed out, or GitHub refused the conclusion): the
 * reconciler (workflows/reconcile-check-runs.ts) finds it by this attribute and concludes it.
 */
export const CheckRunStateAttribute = defineSearchAttributeKey('CheckRunState', SearchAttributeType.KEYWORD);
/** the id of the run's check run, for the reconciler */
export const CheckRunIdAttribute = defineSearchAttributeKey('CheckRunId', SearchAttributeType.INT);
/**
 * When GitHub saw the run's commit arrive (`CiTrigger.pushedAt`), for runs whose trigger has it: superseding
 * orders the commits of a branch by it, so a late older push never cancels a newer one (domain/supersede.ts).
 */
export const PushedAtAttribute = defineSearchAttributeKey('PushedAt', SearchAttributeType.DATETIME);

export const allSearchAttributes = [
  RepoAttribute,
  BranchAttribute,
  CommitAttribute,
  PullRequestAttribute,
  TriggerAttribute,
  EntrypointAttribute,
  OutcomeAttribute,
  CheckRunStateAttribute,
  CheckRunIdAttribute,
  PushedAtAttribute,
];

/** The `Entrypoint` value of a default run (requested entrypoint ''). */
export const defaultEntrypointValue = 'default';

/** The search attributes a run starts with: what it is about, so it can be found before it has done anything. */
export function searchAttributesFor(trigger: CiTrigger): SearchAttributePair[] {
  const pr = trigger.pullRequests[0];
  const pushedAt = pushedAtMs(trigger.pushedAt);
  return [
    { key: RepoAttribute, value: `${trigger.repo.owner}/${trigger.repo.name}` },
    { key: BranchAttribute, value: trigger.ref },
    { key: CommitAttribute, value: trigger.sha },
    { key: TriggerAttribute, value: trigger.source },
    { key: EntrypointAttribute, value: trigger.entrypoint || defaultEntrypointValue },
    ...(pr ? [{ key: PullRequestAttribute, value: pr.number }] : []),
    ...(pushedAt !== undefined ? [{ key: PushedAtAttribute, value: new Date(pushedAt) }] : []),
  ];
}
