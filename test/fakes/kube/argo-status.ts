/** The Argo simulator's status bookkeeping (argo-simulator.ts): Argo's node and phase shapes. */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ArgoNode, ArgoWorkflow, ArgoWorkflowStatus } from '../../../domain/types';
import { ArgoLabel } from './argo-names';
import type { PlannedNode } from './argo-nodes';
import type { RunOutcome } from './argo-simulator';
import type { KubeObject } from './store';

export const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export function isStopRequested(wf: ArgoWorkflow): boolean {
  const active = wf.status?.phase === 'Pending' || wf.status?.phase === 'Running' || !wf.status?.phase;
  return active && (wf.spec.activeDeadlineSeconds === 0 || typeof wf.spec.shutdown === 'string');
}

export function isActivePod(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Pending' || phase === 'Running';
}

export function readStatus(wf: ArgoWorkflow): ArgoWorkflowStatus {
  const status = { ...(wf.status ?? {}) };
  if (status.compressedNodes) {
    status.nodes = JSON.parse(gunzipSync(Buffer.from(status.compressedNodes, 'base64')).toString('utf8')) as Record<
      string,
      ArgoNode
    >;
    delete status.compressedNodes;
  }
  status.nodes ??= {};
  return status;
}

export function compress(status: ArgoWorkflowStatus): ArgoWorkflowStatus {
  const { nodes, ...rest } = status;
  return { ...rest, compressedNodes: gzipSync(JSON.stringify(nodes ?? {})).toString('base64') };
}

function toNode(planned: PlannedNode): ArgoNode {
  const { parentId: _parent, ...fields } = planned;
  return { ...fields, phase: 'Pending', startedAt: now() };
}

export function setNode(status: ArgoWorkflowStatus, id: string, fields: Partial<ArgoNode>): void {
  const node = status.nodes?.[id];
  if (node) Object.assign(node, fields);
}

export function startNode(status: ArgoWorkflowStatus, planned: PlannedNode): void {
  status.nodes ??= {};
  if (status.nodes[planned.id]) return;
  status.nodes[planned.id] = { ...toNode(planned), ...(planned.type === 'Pod' ? {} : { phase: 'Running' }) };
  const parent = planned.parentId ? status.nodes[planned.parentId] : undefined;
  if (parent) parent.children = [...((parent.children as string[] | undefined) ?? []), planned.id];
}

/** Adds a node and any of its not-yet-started ancestors (StepGroup, nested Steps/DAG) in tree order. */
export function startAncestors(status: ArgoWorkflowStatus, node: PlannedNode, all: PlannedNode[]): void {
  const chain: PlannedNode[] = [];
  for (let current: PlannedNode | undefined = node; current; current = all.find((n) => n.id === current!.parentId))
    chain.unshift(current);
  for (const planned of chain) startNode(status, planned);
}

export function finishWorkflow(
  wf: ArgoWorkflow,
  status: ArgoWorkflowStatus,
  phase: RunOutcome,
  message: string | undefined,
): void {
  status.phase = phase;
  status.finishedAt = now();
  if (message) status.message = message;
  wf.metadata.labels = { ...wf.metadata.labels, [ArgoLabel.completed]: 'true', [ArgoLabel.phase]: phase };
}
