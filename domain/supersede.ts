import type { CiTrigger } from './types';

/** The `Entrypoint` value of a default run (requested entrypoint ''); the same string as the search attribute's. */
const DEFAULT_GROUP = 'default';

/** A running CI run as its search attributes describe it. */
export interface RunFacts {
  workflowId: string;
  /** `Trigger` */
  source: string | undefined;
  /** `Branch` */
  branch: string | undefined;
  /** `Entrypoint`: the requested entrypoint, `default` for a default run */
  entrypoint: string | undefined;
  /** `Commit` */
  sha: string | undefined;
  startedAtMs: number;
  /** `PushedAt`, when the run has one (runs started before it existed have none) */
  pushedAtMs?: number | undefined;
}

/** The run that asks to supersede older runs, after it loaded its pipeline. */
export interface SupersedeAsk {
  trigger: CiTrigger;
  workflowId: string;
  startedAtMs: number;
  /** the pipeline's own `spec.entrypoint`: a run that asked for exactly it belongs with the default runs */
  pipelineEntrypoint?: string | undefined;
}

/**
 * Whether the asking run supersedes (cancels) `candidate` (SPEC A2/G35, issue 8 policy):
 * - same branch, and the same **entrypoint group**: the default runs of the branch form one group, and so do the
 *   runs that asked for the pipeline's own `spec.entrypoint` by name (a re-request of the check run
 *   `Workflow - <spec.entrypoint>` is a re-run of the default run, so the next push supersedes it); any other
 *   entrypoint is its own group, so manual and deploy steps are never cancelled by a push;
 * - never a run of a `deployment` webhook, nor by one (each deploys its own environment), nor a manual step's
 *   run (`check_run_action`), whatever its template;
 * - **older**: of another commit, the one GitHub saw arrive first (`PushedAt`), so a redelivered or late
 *   delivery of an older push, started after the newer commit's run, never cancels it; of the same commit, when
 *   either run has no `PushedAt`, or both were pushed in the same second, the one that started first.
 */
export function supersedes(ask: SupersedeAsk, candidate: RunFacts): boolean {
  const { trigger } = ask;
  if (candidate.workflowId === ask.workflowId) return false;
  if (trigger.source === 'deployment' || candidate.source === 'deployment') return false;
  if (candidate.source === 'check_run_action') return false;
  if (candidate.branch !== trigger.ref) return false;
  const askGroup = groupOf(trigger.entrypoint || DEFAULT_GROUP, trigger.source, ask.pipelineEntrypoint);
  if (groupOf(candidate.entrypoint ?? '', candidate.source, ask.pipelineEntrypoint) !== askGroup) return false;
  const askPushedAt = pushedAtMs(trigger.pushedAt);
  const pushedAt = candidate.pushedAtMs;
  // GitHub's timestamps have one-second resolution: two pushes within a second fall back to the start order
  if (candidate.sha !== trigger.sha && askPushedAt !== undefined && pushedAt !== undefined && pushedAt !== askPushedAt)
    return pushedAt < askPushedAt;
  return candidate.startedAtMs < ask.startedAtMs;
}

function groupOf(entrypoint: string, source: string | undefined, pipelineEntrypoint: string | undefined): string {
  if (entrypoint === DEFAULT_GROUP) return DEFAULT_GROUP;
  if (pipelineEntrypoint && entrypoint === pipelineEntrypoint && source !== 'check_run_action') return DEFAULT_GROUP;
  return `entrypoint:${entrypoint}`;
}

/** `trigger.pushedAt` in epoch milliseconds; undefined when absent or not a date. */
export function pushedAtMs(pushedAt: string | undefined): number | undefined {
  if (pushedAt === undefined) return undefined;
  const ms = Date.parse(pushedAt);
  return Number.isFinite(ms) ? ms : undefined;
}
