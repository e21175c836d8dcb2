import { Context } from '@temporalio/activity';
import { checkRunStatusFor } from '../domain/check-run-status';
import { clearCacheAction } from '../domain/clear-cache-action';
import { failedStepLogsText, isFinishedPodNode } from '../domain/failed-step-logs';
import { readLogsReadMark } from '../domain/logs-read';
import { batchAnnotations } from '../domain/log-annotations';
import type { ArgoNode, CiTrigger } from '../domain/types';
import { joinCheckRunText } from '../domain/join-check-run-text';
import { ANNOTATIONS_PER_REQUEST } from './annotation-queue';
import { nodesOf } from './argo-nodes';
import { syncDeployments } from './deployments/sync-deployments';
import type { ActivityDeps } from './deps';
import { githubTarget } from './github-target';
import { runHistoryLine } from './report-status';
import { readStepLogs, type LogsRead } from './step-logs';
import { countRunConclusion, observeConclusionLag } from './run-metrics';

export interface FinishCheckRunInput {
  trigger: CiTrigger;
  namespace: string;
  name: string;
  checkRun: { id: number; name: string };
  /** warnings and print() output, appended to the check-run text */
  notes?: string;
  /** the follower's `logsRead`: those step logs are published already; absent (older runs) = none */
  logsRead?: LogsRead;
}

/** Heartbeat details: how many update requests already reached GitHub, so a retry sends only the rest. */
interface Sent {
  requests: number;
}

/**
 * Concludes the check run of a finished Argo Workflow: status and conclusion, step table, the failed steps'
 * last log lines (stored on the Argo Workflow as they finished, domain/failed-step-logs.ts), Clear Cache
 * button, and annotations from the logs of steps the follower did not read (`logsRead`, or the follower's
 * `logs-read` mark on the Argo Workflow, domain/logs-read.ts; all of them for runs followed by an older
 * worker), within what is left of the `maxAnnotations` cap.
 * The conclusion is written once, by the first request; GitHub takes 50 annotations per request and appends
 * them across updates, so further batches follow it and repeat the same status, conclusion and text. The
 * heartbeat records how many requests went out, and a retried attempt continues after them (a crash between
 * GitHub's answer and the heartbeat reaching Temporal resends one batch).
 */
export function makeFinishCheckRun(deps: ActivityDeps) {
  return async function finishCheckRun(input: FinishCheckRunInput): Promise<{ conclusion: string }> {
    const ctx = Context.current();
    const sent: Sent = (ctx.info.heartbeatDetails as Sent | undefined) ?? { requests: 0 };
    const at = githubTarget(input.trigger);
    const workflow = await deps.kube.getWorkflow(input.namespace, input.name);
    if (!workflow) {
      await deps.github.updateCheckRun(at, input.checkRun.id, {
        name: input.checkRun.name,
        status: 'completed',
        conclusion: 'cancelled',
      });
      countRunConclusion(input.trigger, 'cancelled');
      return { conclusion: 'cancelled' };
    }
    await syncDeployments(deps, input.trigger, workflow, () => ctx.heartbeat(sent));
    const nodes = nodesOf(workflow);
    const final = checkRunStatusFor(workflow, nodes, deps.settings);
    const conclusion = final?.conclusion ?? 'failure';
    // What the follower published: its result and/or its mark on the Argo Workflow (every finished step), or none.
    const mark = readLogsReadMark(workflow, deps.settings.annotationPrefix);
    const published = Math.max(input.logsRead?.annotations ?? 0, mark?.annotations ?? 0);
    const budget = Math.max(0, deps.maxAnnotations - published);
    const readBefore = new Set(input.logsRead?.nodeIds ?? []);
    const toRead = podNodesToRead(
      nodes,
      (node) => readBefore.has(node.id) || (mark !== undefined && isFinishedPodNode(node)),
    );
    // A heartbeat per pod: a workflow with hundreds of steps takes a while, and a dead worker shows in a minute.
    const read = await readStepLogs(deps, workflow, nodes, toRead, budget, () => ctx.heartbeat(sent));
    const batches = batchAnnotations(
      read.logs.flatMap((l) => l.annotations),
      ANNOTATIONS_PER_REQUEST,
    );
    const requests = Math.max(1, batches.length);
    const action = clearCacheAction(workflow, deps.settings);
    const failed = failedStepLogsText(read.tails, deps.failedStepLogLines);
    for (let i = sent.requests; i < requests; i++) {
      await deps.github.updateCheckRun(at, input.checkRun.id, {
        name: input.checkRun.name,
        status: 'completed',
        conclusion,
        ...(final?.detailsUrl ? { detailsUrl: final.detailsUrl } : {}),
        output: {
          title: final?.title ?? `Workflow Run (${input.namespace}/${input.name})`,
          summary: final?.summary ?? '',
          text: joinCheckRunText(final?.text, failed, input.notes, runHistoryLine(deps)),
          ...(batches[i] ? { annotations: batches[i] } : {}),
        },
        ...(i === 0 ? { actions: action ? [action] : [] } : {}),
      });
      if (i === 0) {
        countRunConclusion(input.trigger, conclusion);
        observeConclusionLag(workflow.status?.finishedAt);
      }
      sent.requests = i + 1;
      ctx.heartbeat(sent);
    }
    return { conclusion };
  };
}

/** Every Pod node the follower did not read, sorted by name (as before the follower read logs: any phase). */
function podNodesToRead(nodes: Record<string, ArgoNode>, wasRead: (node: ArgoNode) => boolean): ArgoNode[] {
  return Object.values(nodes)
    .filter((node) => node.type === 'Pod' && !wasRead(node))
    .sort((a, b) => a.name.localeCompare(b.name));
}
