/**
 * clearCachesWorkflow — deletes cache volumes (SPEC B 10.6–10.7): a Clear Cache button, a branch `delete`, a
 * repository `archived`/`deleted`. Started by the API (temporal/start-cache-clear.ts) under an id keyed on the
 * webhook body, so a redelivery clears once. One activity lists and deletes the PVCs; a press is then told
 * what was deleted on its check run (branch and repository events only log). Running builds are not killed:
 * a mounted PVC stays Terminating until its pods end (README "Caches"). No messages; first version, no patches.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CacheClearRequest } from '../domain/cache-clear-event';

/** One webhook's clear: what to delete, and whose check run to tell. */
export interface ClearCachesWorkflowInput {
  request: CacheClearRequest;
  /** `X-GitHub-Delivery` of the webhook, for logs and the GitHub request */
  deliveryId: string;
}

/** The PVCs deleted (those still mounted stay Terminating until their pods end). */
export interface ClearCachesWorkflowResult {
  deleted: string[];
}

/** Kubernetes and GitHub calls: short, retried through an outage of up to an hour. */
const { clearCaches, reportCacheCleared } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Deletes the request's cache volumes, then tells the pressed check run (if any) what went. */
export async function clearCachesWorkflow({
  request,
  deliveryId,
}: ClearCachesWorkflowInput): Promise<ClearCachesWorkflowResult> {
  const { repo, branch, reason, pressed } = request;
  const { deleted } = await clearCaches({ repo, reason, ...(branch !== undefined ? { branch } : {}) });
  if (pressed) await reportCacheCleared({ repo, pressed, deleted, deliveryId });
  return { deleted };
}
