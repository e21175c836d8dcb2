/**
 * Which step logs a run has read and published, handed from the follower to `finishCheckRun` by reference,
 * never as log text. Two carriers, so either one is enough:
 * - the follower's result (`logsRead`: node ids and a count), which the workflow passes to finishCheckRun;
 * - a mark on the Argo Workflow itself (`<prefix>/logs-read: {"annotations":N}`), written once when the
 *   follower returns. The follower returns only after reading and publishing the logs of **every** finished
 *   Pod node of the finished workflow, so the mark needs no node list (which could outgrow Kubernetes'
 *   256 KiB annotation limit on a workflow with thousands of steps): its presence means "all of them".
 * Without either (runs followed by an older worker) finishCheckRun reads every step's log, as before.
 */
import type { ArgoWorkflow } from './types';

/** The follower's record: published step logs (node ids) and how many annotations they gave. */
export interface LogsRead {
  nodeIds: string[];
  annotations: number;
}

/** The mark's annotation name, under the configured prefix. */
export const LOGS_READ_ANNOTATION = 'logs-read';

/** The merge patch that marks every finished step's log of the workflow as published. */
export function logsReadMarkPatch(prefix: string, annotations: number): Record<string, unknown> {
  return { metadata: { annotations: { [`${prefix}/${LOGS_READ_ANNOTATION}`]: JSON.stringify({ annotations }) } } };
}

/** The mark's annotation count, or undefined without a (valid) mark. */
export function readLogsReadMark(workflow: ArgoWorkflow, prefix: string): { annotations: number } | undefined {
  const raw = workflow.metadata.annotations?.[`${prefix}/${LOGS_READ_ANNOTATION}`];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as { annotations?: unknown };
    const n = parsed?.annotations;
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? { annotations: n } : undefined;
  } catch {
    return undefined;
  }
}
