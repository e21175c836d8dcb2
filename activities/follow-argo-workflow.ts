import { CancelledFailure, Context } from '@temporalio/activity';
import { checkRunStatusFor, isFinished } from '../domain/check-run-status';
import type { ArgoWorkflow, CiTrigger } from '../domain/types';
import { joinCheckRunText } from '../domain/join-check-run-text';
import { nodesOf } from './argo-nodes';
import { syncDeployments } from './deployments/sync-deployments';
import type { ActivityDeps } from './deps';
import { githubTarget } from './github-target';
import { runHistoryLine } from './report-status';

export interface FollowArgoWorkflowInput {
  trigger: CiTrigger;
  namespace: string;
  name: string;
  checkRun: { id: number; name: string };
  /** warnings and print() output, appended to the check-run text */
  notes?: string;
}

export type FollowArgoWorkflowResult = { kind: 'finished'; phase: string } | { kind: 'deleted' };

/** What was last sent to the check run; kept in heartbeat details so a resumed attempt does not resend it. */
interface Progress {
  status?: string;
  fingerprint?: string;
}

/**
 * Follows one Argo Workflow to its end, fed by the worker's shared watch (no poll loop per run; a re-read every
 * `followRereadIntervalMs` covers a watch that is down), and pushes
 * progress to the check run: a status change at once, other changes at most every `progressIntervalMs`.
 * Heartbeats while waiting, so a dead worker is noticed within the heartbeat timeout and another worker
 * resumes from the current object. Returns when the workflow has finished or was deleted; the final
 * check-run update is `finishCheckRun`'s job.
 */
export function makeFollowArgoWorkflow(deps: ActivityDeps) {
  return async function followArgoWorkflow(input: FollowArgoWorkflowInput): Promise<FollowArgoWorkflowResult> {
    const ctx = Context.current();
    const progress: Progress = (ctx.info.heartbeatDetails as Progress | undefined) ?? {};
    const changes = new LatestValue<ArgoWorkflow | null>();
    const unsubscribe = deps.argoWatch.subscribe(input.namespace, input.name, (wf) => changes.set(wf));
    let lastPushAt = 0;
    let lastReadAt = Date.now();
    try {
      // Read the object itself: the watch may have seen it before this attempt subscribed.
      if (!changes.has()) changes.set(await deps.kube.getWorkflow(input.namespace, input.name));
      for (;;) {
        // The shared watch may be down (restarting after an error): read the object now and then regardless,
        // so a run finishes even when no watch event ever reaches it. One GET per run per interval.
        if (Date.now() - lastReadAt >= deps.followRereadIntervalMs) {
          lastReadAt = Date.now();
          changes.set(await deps.kube.getWorkflow(input.namespace, input.name));
        }
        const workflow = await changes.next(heartbeatEveryMs(ctx), ctx.cancellationSignal);
        ctx.heartbeat(progress);
        if (ctx.cancellationSignal.aborted) throw new CancelledFailure('cancelled while following the Argo Workflow');
        if (workflow === undefined) continue;
        if (workflow === null) return { kind: 'deleted' };
        await syncDeployments(deps, input.trigger, workflow, () => ctx.heartbeat(progress));
        if (isFinished(workflow.status?.phase)) return { kind: 'finished', phase: workflow.status?.phase ?? '' };
        const update = checkRunStatusFor(workflow, nodesOf(workflow), deps.settings);
        if (!update) continue;
        const fingerprint = JSON.stringify([update.summary, update.text]);
        const statusChanged = update.status !== progress.status;
        if (!statusChanged && fingerprint === progress.fingerprint) continue;
        if (!statusChanged && Date.now() - lastPushAt < deps.progressIntervalMs) {
          changes.setLater(workflow, deps.progressIntervalMs - (Date.now() - lastPushAt));
          continue;
        }
        await deps.github.updateCheckRun(githubTarget(input.trigger), input.checkRun.id, {
          name: input.checkRun.name,
          status: update.status,
          detailsUrl: update.detailsUrl,
          output: {
            title: update.title,
            summary: update.summary,
            text: joinCheckRunText(update.text, input.notes, runHistoryLine(deps)),
          },
        });
        lastPushAt = Date.now();
        Object.assign(progress, { status: update.status, fingerprint });
        ctx.heartbeat(progress);
      }
    } finally {
      unsubscribe();
      changes.dispose();
    }
  };
}

function heartbeatEveryMs(ctx: Context): number {
  const timeout = ctx.info.heartbeatTimeoutMs ?? 30_000;
  return Math.max(200, Math.floor(timeout / 3));
}

/**
 * Holds only the newest value: a burst of watch events collapses into one check-run update.
 * `next` resolves with the newest unseen value, or undefined when `waitMs` passes first.
 */
class LatestValue<T> {
  private value: { v: T } | undefined;
  private seen = false;
  private generation = 0;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  has(): boolean {
    return this.value !== undefined;
  }

  set(v: T): void {
    this.value = { v };
    this.seen = false;
    this.generation += 1;
    this.wake?.();
  }

  /** Re-offers `v` after `delayMs` unless a newer value arrives first (a throttled update). */
  setLater(v: T, delayMs: number): void {
    clearTimeout(this.timer);
    const generation = this.generation;
    this.timer = setTimeout(() => {
      if (this.generation === generation) this.set(v);
    }, delayMs);
  }

  async next(waitMs: number, signal: AbortSignal): Promise<T | undefined> {
    if (this.value && !this.seen) {
      this.seen = true;
      return this.value.v;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const t = setTimeout(done, waitMs);
      signal.addEventListener('abort', done);
      this.wake = done;
    });
    if (this.value && !this.seen) {
      this.seen = true;
      return this.value.v;
    }
    return undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.wake?.();
  }
}
