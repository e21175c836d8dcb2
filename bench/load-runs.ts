import type { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Stack } from '../test/e2e/stack';
import { CommitAttribute, OutcomeAttribute } from '../workflows/search-attributes';

/** What one rate's deliveries turned into, from Temporal's visibility store and the fake Kubernetes. */
export interface RunCheck {
  uniqueDeliveries: number;
  /** ciRunWorkflow executions of the phase (each carries its delivery's head sha as `Commit`) */
  runsStarted: number;
  /** unique deliveries with exactly one run; the target is all of them */
  exactlyOne: number;
  /** unique deliveries with no run at all (a lost delivery) */
  missing: number;
  /** unique deliveries with more than one run (a redelivery that started a second one) */
  duplicated: number;
  /** runs that completed with outcome `success` (the worker really executed them on the Argo simulator) */
  succeeded: number;
  /** Argo Workflows in the fake cluster for the phase's shas (one per run expected) */
  argoWorkflows: number;
  /** last answer → no run of the phase open any more, ms */
  drainMs: number;
  /** the runs were still open when the drain deadline passed */
  drainTimedOut: boolean;
}

interface PhaseRun {
  sha: string;
  status: string;
  outcome: string | undefined;
}

async function phaseRuns(client: Client, since: Date, shas: ReadonlySet<string>): Promise<PhaseRun[]> {
  const query = `WorkflowType = 'ciRunWorkflow' AND StartTime >= '${since.toISOString()}'`;
  const runs: PhaseRun[] = [];
  for await (const info of client.workflow.list({ query, pageSize: 1000 })) {
    const sha = info.typedSearchAttributes.get(CommitAttribute);
    if (sha === undefined || !shas.has(sha)) continue;
    runs.push({ sha, status: info.status.name, outcome: info.typedSearchAttributes.get(OutcomeAttribute) });
  }
  return runs;
}

/**
 * Waits until every run of the phase has closed — each acknowledged delivery's run is listed and none is
 * running — or `deadlineMs` passes, then counts runs per unique delivery. `acknowledgedShas`: the shas some
 * delivery of which was answered 2xx (their runs must exist); the listing is polled because Temporal's
 * visibility store is written a moment after the start itself.
 */
export async function awaitAndCheckRuns(
  stack: Stack,
  since: Date,
  uniqueShas: readonly string[],
  acknowledgedShas: ReadonlySet<string>,
  deadlineMs: number,
  progress: (text: string) => void = () => undefined,
): Promise<RunCheck> {
  const shas = new Set(uniqueShas);
  const drainStart = performance.now();
  const end = Date.now() + deadlineMs;
  let runs: PhaseRun[] = [];
  let drainTimedOut = false;
  let lastNote = Date.now();
  for (;;) {
    runs = await phaseRuns(stack.client, since, shas);
    const listed = new Set(runs.map((r) => r.sha));
    const open = runs.filter((r) => r.status === 'RUNNING').length;
    if (open === 0 && [...acknowledgedShas].every((sha) => listed.has(sha))) break;
    if (Date.now() - lastNote >= 15_000) {
      progress(
        `${open} of ${runs.length} runs still open after ${Math.round((performance.now() - drainStart) / 1000)} s`,
      );
      lastNote = Date.now();
    }
    if (Date.now() > end) {
      drainTimedOut = true;
      break;
    }
    await sleep(1000);
  }
  const drainMs = performance.now() - drainStart;
  const perSha = new Map<string, number>();
  for (const run of runs) perSha.set(run.sha, (perSha.get(run.sha) ?? 0) + 1);
  const counts = uniqueShas.map((sha) => perSha.get(sha) ?? 0);
  const annotation = `${stack.settings.annotationPrefix}/sha`;
  const argoWorkflows = stack
    .argoWorkflows()
    .filter((w) => shas.has(w.metadata.annotations?.[annotation] ?? '')).length;
  return {
    uniqueDeliveries: uniqueShas.length,
    runsStarted: runs.length,
    exactlyOne: counts.filter((n) => n === 1).length,
    missing: counts.filter((n) => n === 0).length,
    duplicated: counts.filter((n) => n > 1).length,
    succeeded: runs.filter((r) => r.status === 'COMPLETED' && r.outcome === 'success').length,
    argoWorkflows,
    drainMs,
    drainTimedOut,
  };
}
