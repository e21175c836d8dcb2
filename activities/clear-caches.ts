import { log } from '@temporalio/activity';
import type { PressedCheckRun } from '../domain/cache-clear-event';
import {
  cacheClearedLine,
  cacheLabelSelector,
  cachesToClear,
  summaryWithClearedLine,
  type CacheTarget,
} from '../domain/cache-selection';
import type { RepoRef } from '../domain/types';
import type { ActivityDeps } from './deps';

export interface ClearCachesInput extends CacheTarget {
  /** for the logs: `cache clear requested by <login>`, `deleted branch <b>`, `<action> repository` */
  reason: string;
}

export interface ClearCachesResult {
  /** names of the PVCs deleted (those a running pod mounts stay Terminating until it ends) */
  deleted: string[];
}

/**
 * `pvc.go: deletePVC` (SPEC B 10.6) without the pod kill (G36): lists the cache PVCs of the repository by label
 * in the configured namespace, keeps those of the target (domain/cache-selection.ts), deletes each. Pods are
 * left alone: Kubernetes keeps a mounted PVC until its pods release it, so a running build finishes on its
 * cache and the volume goes after it. Idempotent: a retry lists again, and a PVC already gone is no error.
 * Retry class: the apiCall profile (Kubernetes errors classified in the gateway).
 */
export function makeClearCaches(deps: ActivityDeps) {
  async function clearCaches(input: ClearCachesInput): Promise<ClearCachesResult> {
    const { namespace } = deps.settings;
    const target: CacheTarget = { repo: input.repo, ...(input.branch !== undefined ? { branch: input.branch } : {}) };
    const listed = await deps.kube.listPersistentVolumeClaims(namespace, cacheLabelSelector(deps.settings, target));
    const names = cachesToClear(deps.settings, target, listed);
    for (const name of names) {
      await deps.kube.deletePersistentVolumeClaim(namespace, name);
      log.info(`deleted pvc ${name} for ${input.reason} ${input.repo.owner}/${input.repo.name}`, {
        namespace,
        pvc: name,
        repo: `${input.repo.owner}/${input.repo.name}`,
      });
    }
    if (names.length === 0)
      log.info('no cache volume to delete', { reason: input.reason, repo: `${input.repo.owner}/${input.repo.name}` });
    return { deleted: names };
  }

  /**
   * Tells whoever pressed Clear Cache what was deleted: the pressed check run keeps its name, conclusion and
   * buttons (a PATCH leaves out what it does not send) and gets the line under its summary. Idempotent: the
   * same body every time. Retry class: apiCall.
   */
  async function reportCacheCleared(input: ReportCacheClearedInput): Promise<void> {
    const { pressed, repo, deleted, deliveryId } = input;
    const line = cacheClearedLine(pressed.sender, deleted);
    const at = { installationId: pressed.installationId, repo, ...(deliveryId ? { deliveryId } : {}) };
    await deps.github.updateCheckRun(at, pressed.id, {
      name: pressed.name,
      output: {
        title: pressed.title || 'Cache cleared',
        summary: summaryWithClearedLine(pressed.summary, line),
      },
    });
  }

  return { clearCaches, reportCacheCleared };
}

export interface ReportCacheClearedInput {
  repo: RepoRef;
  pressed: PressedCheckRun;
  deleted: string[];
  /** the press's delivery, sent along on the GitHub request */
  deliveryId?: string;
}
