import type { CacheClearDecision } from './cache-clear-event';
import { stringAt } from './payload-fields';
import type { RunSelector } from './run-selector';
import type { WebhookDecision } from './webhook-event';

/**
 * A branch delete or a deleted/archived repository clears caches (cache-clear-event.ts) and cancels the running
 * runs of that branch or repository. Only a gone repository cancels deployment runs too.
 */
export function withCancel(decision: CacheClearDecision, includeDeployments: boolean): WebhookDecision {
  if (decision.kind !== 'clear-caches') return decision;
  const { repo, installationId, branch, reason } = decision.request;
  const cancel: RunSelector = {
    repo,
    ...(installationId !== undefined ? { installationId } : {}),
    ...(branch !== undefined ? { branch } : {}),
    ...(includeDeployments ? { includeDeployments } : {}),
    reason,
  };
  return { ...decision, cancel };
}

/** `installation` and `installation_repositories`: nothing to do (tokens are minted per call), said so. */
export function acknowledged(name: string, payload: unknown): WebhookDecision {
  const action = stringAt(payload, 'action') ?? '';
  return {
    kind: 'ignored',
    reason: `${name}${action ? ` ${action}` : ''} acknowledged: nothing to do, tokens are minted when needed`,
  };
}
