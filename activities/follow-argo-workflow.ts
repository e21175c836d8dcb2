import { CancelledFailure, Context } from '@temporalio/activity';
import { checkRunStatusFor, isFinished, type CheckRunStatusUpdate } from '../domain/check-run-status';
import { failedStepLogsText, readFailedStepLogs, type FailedStepLogs } from '../domain/failed-step-logs';
import { joinCheckRunText } from '../domain/join-check-run-text';
import { logsReadMarkPatch } from '../domain/logs-read';
import { decideProgress, type ProgressSent } from '../domain/progress-throttle';
import type { ArgoNode, ArgoWorkflow, CiTrigger } from '../domain/types';
import { AnnotationQueue, type AnnotationProgress } from './annotation-queue';
import { nodesOf } from './argo-nodes';
import { syncDeployments } from './deployments/sync-deployments';
import type { ActivityDeps } from './deps';
import { githubTarget } from './github-target';
import { LatestValue } from './latest-value';
import { runHistoryLine } from './report-status';
import { observeProgressLag } from './run-metrics';
import { bestEffortPatch, readStepLogs, unreadFinishedPodNodes, type LogsRead } from './step-logs';

export interface FollowArgoWorkflowInput {
  trigger: CiTrigger;
  namespace: string;
  name: string;
  checkRun: { id: number; name: string };
  /** warnings and print() output, appended to the check-run text */
  notes?: string;
}

/** `logsRead` goes to `finishCheckRun` (node ids and a count: history holds no log text); absent in results recorded before. */
export type FollowArgoWorkflowResult = { kind: 'finished'; phase: string; logsRead?: LogsRead } | { kind: 'deleted' };

/** Heartbeat details: what was last sent and which step logs are published, so a resumed attempt resends neither. */
type Progress = ProgressSent & Partial<AnnotationProgress>;

/**
 * Follows one Argo Workflow to its end, fed by the worker's shared watch (no poll loop per run: one read at the
 * start; more only while the watch has been down for `followRereadIntervalMs`, one per interval, and one
 * after the watch restarted), and keeps the check run up to date:
 * - each Pod node's log is read once, when the watch shows the node finished (podGC may delete the pod before
 *   the workflow ends); its annotations ride on the next progress updates, 50 per request, within the
 *   `maxAnnotations` cap, and a failed step's last lines go onto the Argo Workflow (domain/failed-step-logs.ts)
 *   and into the text;
 * - progress is coalesced (domain/progress-throttle.ts): a status change at once, otherwise at most one update
 *   per `progressIntervalMs`; annotations still waiting when the workflow ends go out before returning, and
 *   the Argo Workflow is marked `logs-read` (domain/logs-read.ts) so finishCheckRun does not read them again.
 * Heartbeats carry what was sent. The one window where a crash repeats something: between GitHub accepting an
 * update and the heartbeat that records it reaching Temporal (the SDK sends heartbeats at most every 80 % of
 * the heartbeat timeout); a worker killed then resends that update's annotations (GitHub appends them, so they
 * show twice), and re-reads logs of steps read but not yet published (lost if their pod is gone by then).
 * Returns when the workflow has finished or was deleted; the conclusion is `finishCheckRun`'s job.
 */
export function makeFollowArgoWorkflow(deps: ActivityDeps) {
  return async function followArgoWorkflow(input: FollowArgoWorkflowInput): Promise<FollowArgoWorkflowResult> {
    const ctx = Context.current();
    const progress: Progress = (ctx.info.heartbeatDetails as Progress | undefined) ?? {};
    progress.logsRead ??= { nodeIds: [], annotations: 0 };
    const queue = new AnnotationQueue(progress as AnnotationProgress);
    let tails: FailedStepLogs = {};
    const changes = new LatestValue<ArgoWorkflow | null>();
    const unsubscribe = deps.argoWatch.subscribe(input.namespace, input.name, (wf) => changes.set(wf));
    let lastReadAt = Date.now();
    /** when the worker saw the first change the check run does not show yet (kubeci_check_run_update_lag_seconds) */
    let unshownSince: number | undefined;
    let resumedSeen = deps.argoWatch.resumed;

    /** Reads the logs of steps that finished since the last change (once per step per run). */
    const readNewLogs = async (workflow: ArgoWorkflow, nodes: Record<string, ArgoNode>): Promise<void> => {
      const toRead = unreadFinishedPodNodes(nodes, queue.readIds());
      if (toRead.length === 0) return;
      const budget = queue.budget(deps.maxAnnotations);
      const read = await readStepLogs(deps, workflow, nodes, toRead, budget, () => ctx.heartbeat(progress), tails);
      queue.add(read.logs);
      tails = read.tails;
    };

    /** One check-run update carrying the next (up to 50) waiting annotations. */
    const push = async (update: CheckRunStatusUpdate, text: string, fingerprint: string): Promise<void> => {
      const batch = queue.take();
      await deps.github.updateCheckRun(githubTarget(input.trigger), input.checkRun.id, {
        name: input.checkRun.name,
        status: update.status,
        detailsUrl: update.detailsUrl,
        output: {
          title: update.title,
          summary: update.summary,
          text,
          ...(batch.annotations.length > 0 ? { annotations: batch.annotations } : {}),
        },
      });
      batch.commit();
      if (unshownSince !== undefined) observeProgressLag(unshownSince);
      unshownSince = undefined;
      Object.assign(progress, { status: update.status, fingerprint, lastPushAt: Date.now() });
      ctx.heartbeat(progress);
    };

    const render = (workflow: ArgoWorkflow, nodes: Record<string, ArgoNode>) => {
      const update = checkRunStatusFor(workflow, nodes, deps.settings);
      if (!update) return undefined;
      // stored ones too: a resumed attempt shows the tails an earlier one wrote onto the Argo Workflow
      const stored = readFailedStepLogs(workflow, deps.settings.annotationPrefix);
      const failed = failedStepLogsText({ ...stored, ...tails }, deps.failedStepLogLines);
      const text = joinCheckRunText(update.text, failed, input.notes, runHistoryLine(deps));
      return { update, text, fingerprint: JSON.stringify([update.summary, text]) };
    };

    try {
      // Read the object itself: the watch may have seen it before this attempt subscribed. A watch event
      // that arrives while the read is in flight is newer than the read, and stays (else a run that finished
      // meanwhile would wait for the next re-read, a minute).
      const read = async () => {
        const before = changes.version();
        const workflow = await deps.kube.getWorkflow(input.namespace, input.name);
        if (changes.version() === before) changes.set(workflow);
      };
      if (!changes.has()) await read();
      for (;;) {
        // The shared watch may be down (restarting after an error): read the object now and then while it is,
        // so a run finishes even when no watch event ever reaches it, and once after a restart, which cannot
        // report a deletion made while it was stopped. While the watch is up, nothing is read.
        if (rereadDue(deps, lastReadAt, resumedSeen)) {
          lastReadAt = Date.now();
          resumedSeen = deps.argoWatch.resumed;
          await read();
        }
        const workflow = await changes.next(heartbeatEveryMs(ctx), ctx.cancellationSignal);
        const receivedAt = Date.now();
        ctx.heartbeat(progress);
        if (ctx.cancellationSignal.aborted) throw new CancelledFailure('cancelled while following the Argo Workflow');
        if (workflow === undefined) continue;
        if (workflow === null) return { kind: 'deleted' };
        // One pass per change of the Argo Workflow: logs first, then what the check run shows.
        const nodes = nodesOf(workflow);
        await syncDeployments(deps, input.trigger, workflow, () => ctx.heartbeat(progress));
        await readNewLogs(workflow, nodes);
        const view = render(workflow, nodes);
        if (view && view.fingerprint !== progress.fingerprint) unshownSince ??= receivedAt;
        if (isFinished(workflow.status?.phase)) {
          // The conclusion is finishCheckRun's; what is still waiting goes out now, as progress.
          while (view && queue.pending() > 0)
            await push({ ...view.update, status: 'in_progress' }, view.text, view.fingerprint);
          const mark = logsReadMarkPatch(deps.settings.annotationPrefix, progress.logsRead.annotations);
          await bestEffortPatch(deps, input.namespace, input.name, mark, 'the logs-read mark');
          return { kind: 'finished', phase: workflow.status?.phase ?? '', logsRead: progress.logsRead };
        }
        if (!view) continue;
        const candidate = {
          status: view.update.status,
          fingerprint: view.fingerprint,
          pendingAnnotations: queue.pending(),
        };
        const decision = decideProgress(progress, candidate, Date.now(), deps.progressIntervalMs);
        if (decision.kind === 'wait') changes.setLater(workflow, decision.ms);
        if (decision.kind !== 'send') continue;
        await push(view.update, view.text, view.fingerprint);
        // more than one request's worth of annotations: the rest go at the next slot, change or no change
        if (queue.pending() > 0) changes.setLater(workflow, deps.progressIntervalMs);
      }
    } finally {
      unsubscribe();
      changes.dispose();
    }
  };
}

function rereadDue(deps: ActivityDeps, lastReadAt: number, resumedSeen: number): boolean {
  const interval = deps.followRereadIntervalMs;
  if (deps.argoWatch.resumed !== resumedSeen) return true;
  return deps.argoWatch.downForMs() >= interval && Date.now() - lastReadAt >= interval;
}

function heartbeatEveryMs(ctx: Context): number {
  const timeout = ctx.info.heartbeatTimeoutMs ?? 30_000;
  return Math.max(200, Math.floor(timeout / 3));
}
