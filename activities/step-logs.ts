/**
 * Reading one finished step's log, once per run: its annotations (domain/log-annotations.ts) and, for a failed
 * step, its last lines, which are stored on the Argo Workflow at once (domain/failed-step-logs.ts says why
 * there). Used by the follower as steps finish and by `finishCheckRun` for steps the follower did not read.
 */
import { log } from '@temporalio/activity';
import {
  failedStepLogsPatch,
  failedStepTail,
  isFailedPodNode,
  isFinishedPodNode,
  readFailedStepLogs,
  type FailedStepLogs,
} from '../domain/failed-step-logs';
import { parseLogAnnotations } from '../domain/log-annotations';
import { podNameFor } from '../domain/pod-name';
import type { ArgoNode, ArgoWorkflow } from '../domain/types';
import { workflowSecretValues } from '../domain/workflow-secrets';
import type { ActivityDeps } from './deps';
import type { CheckRunAnnotation } from './github/gateway';

export type { LogsRead } from '../domain/logs-read';

/** What one step's log gave. */
export interface StepLog {
  nodeId: string;
  annotations: CheckRunAnnotation[];
}

/** Finished Pod nodes not in `read`, sorted by name (the order annotations are published in). */
export function unreadFinishedPodNodes(nodes: Record<string, ArgoNode>, read: ReadonlySet<string>): ArgoNode[] {
  return Object.values(nodes)
    .filter((node) => isFinishedPodNode(node) && !read.has(node.id))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** What {@link readStepLogs} read: each step's annotations, and all failed-step tails known now. */
export interface StepLogsRead {
  logs: StepLog[];
  tails: FailedStepLogs;
}

/**
 * Reads the logs of `toRead` (bounded by KUBECI_POD_LOG_*), at most `maxAnnotations` annotations in all,
 * calling `heartbeat` after each read. Failed steps' tails are merged into the workflow's failed-step-logs
 * annotation in one merge patch; `knownTails` are tails this caller stored already, which an older copy of
 * the workflow may not show yet. A pod already gone (GC'd) gives nothing and is logged.
 */
export async function readStepLogs(
  deps: ActivityDeps,
  workflow: ArgoWorkflow,
  nodes: Record<string, ArgoNode>,
  toRead: readonly ArgoNode[],
  maxAnnotations: number,
  heartbeat: () => void,
  knownTails: FailedStepLogs = {},
): Promise<StepLogsRead> {
  const { namespace = '', name = '' } = workflow.metadata;
  const secretValues = workflowSecretValues(workflow, nodes);
  const tails: FailedStepLogs = {};
  const logs: StepLog[] = [];
  let budget = maxAnnotations;
  for (const node of toRead) {
    const wantsTail = isFailedPodNode(node) && deps.failedStepLogLines > 0;
    // the cap is reached and no tail is wanted: nothing to read this log for
    if (budget <= 0 && !wantsTail) {
      logs.push({ nodeId: node.id, annotations: [] });
      continue;
    }
    const pod = podNameFor(workflow, node);
    const text = await deps.kube.readPodLog(namespace, pod, 'main', deps.podLogBounds);
    heartbeat();
    if (text === null) {
      log.info('step log not found (pod gone)', { pod, node: node.name });
      logs.push({ nodeId: node.id, annotations: [] });
      continue;
    }
    const annotations = budget > 0 ? parseLogAnnotations(text, { maxAnnotations: budget, secretValues }) : [];
    budget -= annotations.length;
    logs.push({ nodeId: node.id, annotations });
    if (wantsTail) tails[node.name] = failedStepTail(text, deps.failedStepLogLines, secretValues);
  }
  const prefix = deps.settings.annotationPrefix;
  const stored = { ...readFailedStepLogs(workflow, prefix), ...knownTails };
  const patch = failedStepLogsPatch(stored, tails, prefix);
  if (!patch) return { logs, tails: stored };
  await bestEffortPatch(deps, namespace, name, patch.patch, 'failed-step logs');
  return { logs, tails: patch.merged };
}

/**
 * A merge patch of kube-ci's own annotations that must never fail the run: a refused or failed write is
 * logged and the run goes on (the tails are then shown from memory, and finish may read a log again).
 */
export async function bestEffortPatch(
  deps: ActivityDeps,
  namespace: string,
  name: string,
  patch: Record<string, unknown>,
  what: string,
): Promise<void> {
  try {
    await deps.kube.patchWorkflow(namespace, name, patch);
  } catch (err) {
    log.warn(`could not store ${what} on the Argo Workflow`, { namespace, name, error: String(err) });
  }
}
