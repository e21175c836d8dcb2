import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { changeRange } from '../domain/change-range';
import { publicErrorMessage } from '../domain/public-error-message';
import type { ChangedFiles } from '../domain/path-filter';
import type { CiTrigger } from '../domain/types';
import type { ActivityDeps } from './deps';
import { COMPARE_MAX_FILES } from './github/gateway';
import { githubTarget } from './github-target';

/** A run's changed files, read from GitHub at most once, and only when something asks. */
export type ChangedFilesReader = () => Promise<ChangedFiles>;

/**
 * From this attempt of the activity on, a comparison GitHub keeps failing to answer is given up: the list
 * is absent (the path filter then runs the pipeline, saying why) rather than failing the whole run.
 */
const GIVE_UP_FROM_ATTEMPT = 3;

/**
 * The reader of one pipeline load: the range comes from the payload (domain/change-range.ts), the list from
 * GitHub's compare API with the repository's read-only token, bounded by `maxChangedFiles`. A comparison
 * GitHub refuses (unknown commit, 403) is an absent list with the reason; a transient failure is thrown, so
 * the activity retries, until its third attempt.
 */
export function changedFilesReader(
  deps: ActivityDeps,
  input: { trigger: CiTrigger; event?: Record<string, unknown> },
): ChangedFilesReader {
  let read: Promise<ChangedFiles> | undefined;
  return () => (read ??= readChangedFiles(deps, input));
}

async function readChangedFiles(
  deps: ActivityDeps,
  { trigger, event }: { trigger: CiTrigger; event?: Record<string, unknown> },
): Promise<ChangedFiles> {
  const range = changeRange(trigger, event);
  if (range.kind === 'none') return { kind: 'absent', reason: range.reason };
  const { base, head, of } = range;
  const maxFiles = deps.maxChangedFiles ?? COMPARE_MAX_FILES;
  try {
    const compared = await deps.github.compareCommits(githubTarget(trigger), { base, head, maxFiles });
    if (!compared) return { kind: 'absent', reason: `GitHub cannot compare ${base.slice(0, 7)}...${head.slice(0, 7)}` };
    return { kind: 'listed', ...compared, base, head, of };
  } catch (err) {
    const permanent = err instanceof ApplicationFailure && err.nonRetryable;
    if (!permanent && Context.current().info.attempt < GIVE_UP_FROM_ATTEMPT) throw err;
    const message = err instanceof Error ? err.message : String(err);
    log.warn('changed files not read', { repo: `${trigger.repo.owner}/${trigger.repo.name}`, sha: head, message });
    return {
      kind: 'absent',
      reason: `GitHub did not compare ${base.slice(0, 7)}...${head.slice(0, 7)}: ${publicErrorMessage(message)}`,
    };
  }
}
