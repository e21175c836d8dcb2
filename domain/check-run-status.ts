import { truncateText } from './truncate-text';
import type { ArgoNode, ArgoWorkflow, RunSettings } from './types';

/** A check-run update derived from an Argo Workflow (GitHub field values). */
export interface CheckRunStatusUpdate {
  status: 'queued' | 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'cancelled';
  title: string;
  summary: string;
  text: string;
  detailsUrl: string;
}

const PHASE_SUMMARY: Record<string, string> = {
  Pending: 'The workflow is waiting to start.',
  Running: 'The workflow is running.',
  Succeeded: 'The workflow succeeded.',
  Failed: 'The workflow failed.',
  Error: 'The workflow could not run (Argo reported an error).',
};

/** True for the phases after which Argo changes nothing: `Succeeded`, `Failed`, `Error`. */
export function isFinished(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}

/**
 * `controller.go: sync` steps (c)–(d) (SPEC B 11.4): the check-run status for the workflow's phase,
 * or `undefined` for an empty or unknown phase (no update, as in the original).
 *
 * `nodes` is the workflow's node map passed separately, because Argo may store it gzip-compressed
 * in `status.compressedNodes` and domain/ cannot gunzip (no Node built-ins): the caller decompresses.
 *
 * Differences from the original: the title is `Workflow Run (<ns>/<name>)`, without the stray `)`
 * the original wrote (G34); an empty `status.message` gives a phase sentence so the summary is never
 * empty, and summary and text are cut to GitHub's 65,535 characters (G33). A `Failed` workflow whose
 * `spec.activeDeadlineSeconds` is exactly 0 was stopped by kube-ci and concludes `cancelled`.
 */
export function checkRunStatusFor(
  workflow: ArgoWorkflow,
  nodes: Record<string, ArgoNode> | undefined,
  settings: Pick<RunSettings, 'argoUiBase'>,
): CheckRunStatusUpdate | undefined {
  const phase = workflow.status?.phase ?? '';
  const state = statusOf(phase, workflow.spec.activeDeadlineSeconds);
  if (!state) return undefined;
  const namespace = workflow.metadata.namespace ?? '';
  const name = workflow.metadata.name ?? '';
  const message = workflow.status?.message ?? '';
  return {
    ...state,
    title: `Workflow Run (${namespace}/${name})`,
    summary: truncateText(message !== '' ? message : (PHASE_SUMMARY[phase] ?? phase)),
    text: truncateText(nodesText(nodes ?? {})),
    detailsUrl: `${settings.argoUiBase.replace(/\/+$/, '')}/workflows/${namespace}/${name}`,
  };
}

function statusOf(
  phase: string,
  deadline: number | undefined,
): Pick<CheckRunStatusUpdate, 'status' | 'conclusion'> | undefined {
  switch (phase) {
    case 'Pending':
      return { status: 'queued' };
    case 'Running':
      return { status: 'in_progress' };
    case 'Succeeded':
      return { status: 'completed', conclusion: 'success' };
    case 'Failed':
      return { status: 'completed', conclusion: deadline === 0 ? 'cancelled' : 'failure' };
    case 'Error':
      return { status: 'completed', conclusion: 'failure' };
    default:
      return undefined;
  }
}

/**
 * One line per `Pod` node, sorted by node name in code-point order (Go's `sort.Strings` on UTF-8),
 * as `<name>(<phase>): <message> ` — the trailing space is the original's and its tests'.
 */
export function nodesText(nodes: Record<string, ArgoNode>): string {
  return Object.values(nodes)
    .filter((node) => node.type === 'Pod')
    .sort((a, b) => compareCodePoints(a.name, b.name))
    .map((node) => `${node.name}(${node.phase ?? ''}): ${node.message ?? ''} \n`)
    .join('');
}

function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a, (c) => c.codePointAt(0)!);
  const right = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return left.length - right.length;
}
