import { Context, log } from '@temporalio/activity';
import { checkRunStatusFor } from '../domain/check-run-status';
import { clearCacheAction } from '../domain/clear-cache-action';
import { batchAnnotations, parseLogAnnotations } from '../domain/log-annotations';
import { podNameFor } from '../domain/pod-name';
import type { ArgoWorkflow, CiTrigger } from '../domain/types';
import { joinCheckRunText } from '../domain/join-check-run-text';
import { nodesOf } from './argo-nodes';
import { syncDeployments } from './deployments/sync-deployments';
import type { ActivityDeps } from './deps';
import type { CheckRunAnnotation } from './github/gateway';
import { githubTarget } from './github-target';
import { runHistoryLine } from './report-status';

export interface FinishCheckRunInput {
  trigger: CiTrigger;
  namespace: string;
  name: string;
  checkRun: { id: number; name: string };
  /** warnings and print() output, appended to the check-run text */
  notes?: string;
}

/** Heartbeat details: how many update requests already reached GitHub, so a retry sends only the rest. */
interface Sent {
  requests: number;
}

/**
 * Concludes the check run of a finished Argo Workflow: status and conclusion, step table, Clear Cache
 * button, and annotations parsed from each step's log (read from the pod Argo really named, v2 naming).
 * GitHub takes 50 annotations per request and appends them across updates, so they go out in batches;
 * the heartbeat records how many went out, and a retried attempt continues after them.
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
      return { conclusion: 'cancelled' };
    }
    await syncDeployments(deps, input.trigger, workflow, () => ctx.heartbeat(sent));
    const nodes = nodesOf(workflow);
    const final = checkRunStatusFor(workflow, nodes, deps.settings);
    const conclusion = final?.conclusion ?? 'failure';
    // A heartbeat per pod: a workflow with hundreds of steps takes a while, and a dead worker shows in a minute.
    const annotations = await annotationsFromLogs(deps, workflow, input.namespace, () => ctx.heartbeat(sent));
    const batches = batchAnnotations(annotations, 50);
    const requests = Math.max(1, batches.length);
    const action = clearCacheAction(workflow, deps.settings);
    for (let i = sent.requests; i < requests; i++) {
      await deps.github.updateCheckRun(at, input.checkRun.id, {
        name: input.checkRun.name,
        status: 'completed',
        conclusion,
        ...(final?.detailsUrl ? { detailsUrl: final.detailsUrl } : {}),
        output: {
          title: final?.title ?? `Workflow Run (${input.namespace}/${input.name})`,
          summary: final?.summary ?? '',
          text: joinCheckRunText(final?.text, input.notes, runHistoryLine(deps)),
          ...(batches[i] ? { annotations: batches[i] } : {}),
        },
        ...(i === 0 ? { actions: action ? [action] : [] } : {}),
      });
      sent.requests = i + 1;
      ctx.heartbeat(sent);
    }
    return { conclusion };
  };
}

async function annotationsFromLogs(
  deps: ActivityDeps,
  workflow: ArgoWorkflow,
  namespace: string,
  heartbeat: () => void,
): Promise<CheckRunAnnotation[]> {
  const found: CheckRunAnnotation[] = [];
  const podNodes = Object.values(nodesOf(workflow))
    .filter((node) => node.type === 'Pod')
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const node of podNodes) {
    if (found.length >= deps.maxAnnotations) break;
    const pod = podNameFor(workflow, node);
    const text = await deps.kube.readPodLog(namespace, pod, 'main', deps.podLogBounds);
    heartbeat();
    if (text === null) {
      log.info('step log not found', { pod, node: node.name });
      continue;
    }
    found.push(...parseLogAnnotations(text, { maxAnnotations: deps.maxAnnotations - found.length }));
  }
  return found;
}
