import { ApplicationFailure } from '@temporalio/activity';
import { Failure } from '../domain/failures';
import type { RefTrigger } from '../domain/types';
import type { ActivityDeps } from './deps';

export interface ResolveRefInput {
  trigger: RefTrigger;
}

export interface ResolveRefResult {
  sha: string;
}

/**
 * The commit `trigger.ref` names now (a branch's head, a tag's commit; an annotated tag peeled to its commit,
 * G31), for workflows/ref-run.ts. Read-only, so safe to retry; one or two GitHub calls (apiCall profile).
 * Transient errors are retried; a ref that does not exist (deleted since the event) is a non-retryable
 * `GitHubNotFound`, other permanent errors as classified by the gateway.
 */
export function makeResolveRef(deps: ActivityDeps) {
  return async function resolveRef({ trigger }: ResolveRefInput): Promise<ResolveRefResult> {
    const at = { installationId: trigger.installationId, repo: trigger.repo, deliveryId: trigger.deliveryId };
    const sha = await deps.github.commitOfRef(at, trigger.refType, trigger.ref);
    if (sha === null) {
      throw ApplicationFailure.nonRetryable(
        `${trigger.refType} ${trigger.ref} does not exist in ${trigger.repo.owner}/${trigger.repo.name}`,
        Failure.GitHubNotFound,
      );
    }
    return { sha };
  };
}
