/**
 * The last lines of each failed step's log, shown on the check run while the run goes on and in its final
 * text. They are read when the step finishes (the pod may be garbage-collected before the workflow ends) and
 * kept **on the Argo Workflow object** as one bounded JSON annotation (`<prefix>/failed-step-logs`), never in
 * workflow history (DESIGN: history holds references). Both the follower and `finishCheckRun` render the
 * section from the object they read anyway, so a resumed or retried activity shows the same text. Re-reading
 * the pod at finish was the other option; podGC makes it unreliable, so it is only the fallback for steps
 * nobody read before (activities/step-logs.ts).
 *
 * Bounds: Kubernetes allows 256 KiB for all of an object's annotations together, so at most
 * {@link MAX_FAILED_STEPS} steps are kept, each line cut to {@link MAX_TAIL_LINE_CHARS} characters and each
 * tail to its last {@link MAX_TAIL_CHARS}: the annotation stays under 64 KiB. Tails are masked (maskSecrets) before they are stored.
 */
import { maskSecrets } from './mask-secrets';
import type { ArgoNode, ArgoWorkflow } from './types';

/** Failed steps whose tails are kept; a workflow rarely fails more than a few steps at once. */
export const MAX_FAILED_STEPS = 10;
/** Characters kept of one step's tail (the end of the log, where the error is). */
export const MAX_TAIL_CHARS = 6000;
/** Characters kept of one line of a tail, so one huge line does not push the others out. */
export const MAX_TAIL_LINE_CHARS = 300;
/** The annotation's name, under the configured prefix. */
export const FAILED_STEP_LOGS_ANNOTATION = 'failed-step-logs';

/** node name → masked tail */
export type FailedStepLogs = Record<string, string>;

/** A Pod node that ran and ended: its log is complete (Omitted/Skipped nodes never had a pod). */
export function isFinishedPodNode(node: ArgoNode): boolean {
  return node.type === 'Pod' && ['Succeeded', 'Failed', 'Error'].includes(node.phase ?? '');
}

/** Failed and Error Pod nodes have a tail worth showing. */
export function isFailedPodNode(node: ArgoNode): boolean {
  return node.type === 'Pod' && (node.phase === 'Failed' || node.phase === 'Error');
}

/**
 * The last `lines` lines of `log` (a final newline does not count as an empty line), each line cut to
 * MAX_TAIL_LINE_CHARS (`…` marks a cut), the whole to its last MAX_TAIL_CHARS.
 */
export function tailOf(log: string, lines: number): string {
  if (lines < 1) return '';
  const all = log.replace(/\r?\n$/, '').split(/\r?\n/);
  const tail = all
    .slice(Math.max(0, all.length - lines))
    .map((line) => (line.length <= MAX_TAIL_LINE_CHARS ? line : `${line.slice(0, MAX_TAIL_LINE_CHARS - 1)}…`))
    .join('\n');
  return tail.length <= MAX_TAIL_CHARS ? tail : `…${tail.slice(tail.length - MAX_TAIL_CHARS + 1)}`;
}

/** The tail to store for one failed step: cut, then masked with the workflow's visible secrets. */
export function failedStepTail(log: string, lines: number, secretValues: readonly string[]): string {
  return maskSecrets(tailOf(log, lines), secretValues);
}

/** The stored tails; a missing or damaged annotation reads as none (it is ours, but anyone can edit it). */
export function readFailedStepLogs(workflow: ArgoWorkflow, prefix: string): FailedStepLogs {
  const raw = workflow.metadata.annotations?.[`${prefix}/${FAILED_STEP_LOGS_ANNOTATION}`];
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: FailedStepLogs = {};
    for (const [name, tail] of Object.entries(parsed as Record<string, unknown>))
      if (typeof tail === 'string') out[name] = tail.slice(-MAX_TAIL_CHARS);
    return out;
  } catch {
    return {};
  }
}

/**
 * The merge patch that adds `tails` to the stored ones and the tails it stores, or undefined when there is
 * nothing new (or no room: the first MAX_FAILED_STEPS failed steps are kept).
 */
export function failedStepLogsPatch(
  current: FailedStepLogs,
  tails: FailedStepLogs,
  prefix: string,
): { patch: Record<string, unknown>; merged: FailedStepLogs } | undefined {
  const merged: FailedStepLogs = { ...current };
  let changed = false;
  for (const [name, tail] of Object.entries(tails)) {
    if (merged[name] === tail || (!(name in merged) && Object.keys(merged).length >= MAX_FAILED_STEPS)) continue;
    merged[name] = tail.slice(-MAX_TAIL_CHARS);
    changed = true;
  }
  if (!changed) return undefined;
  const annotations = { [`${prefix}/${FAILED_STEP_LOGS_ANNOTATION}`]: JSON.stringify(merged) };
  return { patch: { metadata: { annotations } }, merged };
}

/**
 * The check-run text section: each failed step's last lines in a code block, sorted by step name, or ''
 * without any. Fences are longer than any backtick run in the log, so a log cannot end the block early.
 */
export function failedStepLogsText(logs: FailedStepLogs, lines: number): string {
  const names = Object.keys(logs).sort();
  if (names.length === 0) return '';
  const blocks = names.map((name) => {
    const tail = logs[name]!;
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(tail) + 1));
    return `**${name}** (last ${lines} lines of its log):\n${fence}\n${tail}\n${fence}`;
  });
  return `### Failed steps\n\n${blocks.join('\n\n')}`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
