import { Annotation, annotationKey } from './annotation-key';
import type { ArgoWorkflow } from './types';

/** A GitHub deployment state kube-ci posts for a deploy node (SPEC B 14.2). */
export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error';

/**
 * What an Argo Workflow records about its deployments, in two annotations: `<prefix>/deployment-ids`
 * (node id → deployment id, the original's key and format) and `<prefix>/deployment-states` (node id → the
 * last state posted). Kept on the Argo Workflow itself, so a retried activity or another worker sees what was
 * done; whatever was done but not yet recorded (a crash between GitHub's answer and the patch) is found on
 * GitHub instead (activities/deployments/sync-deployments.ts).
 */
export interface DeploymentRecord {
  ids: Record<string, number>;
  states: Record<string, DeploymentState>;
}

const STATES: ReadonlySet<string> = new Set(['in_progress', 'success', 'failure', 'error']);

/** The record on `workflow`; a missing or malformed annotation reads as empty (as in the original). */
export function readDeploymentRecord(workflow: ArgoWorkflow, prefix: string): DeploymentRecord {
  const annotations = workflow.metadata.annotations ?? {};
  const ids: Record<string, number> = {};
  const states: Record<string, DeploymentState> = {};
  for (const [node, id] of entries(annotations[annotationKey(prefix, Annotation.deploymentIds)])) {
    if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) ids[node] = id;
  }
  for (const [node, state] of entries(annotations[annotationKey(prefix, Annotation.deploymentStates)])) {
    if (typeof state === 'string' && STATES.has(state)) states[node] = state as DeploymentState;
  }
  return { ids, states };
}

/** The JSON merge patch that writes `record` (both annotations, whole) onto the Argo Workflow. */
export function deploymentRecordPatch(prefix: string, record: DeploymentRecord): Record<string, unknown> {
  return {
    metadata: {
      annotations: {
        [annotationKey(prefix, Annotation.deploymentIds)]: JSON.stringify(record.ids),
        [annotationKey(prefix, Annotation.deploymentStates)]: JSON.stringify(record.states),
      },
    },
  };
}

function entries(json: string | undefined): [string, unknown][] {
  if (json === undefined) return [];
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
  } catch {
    // the original treats a malformed annotation as empty; GitHub is asked before anything is created again
    return [];
  }
}
