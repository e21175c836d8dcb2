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

/** The phase's runs (started since `since`, carrying one of its shas), from one listing. */
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
 * Waits until every run of the phase has closed — none running, and at least as many runs as deliveries
 * acknowledged — or `deadlineMs` passes, then lists the runs once and counts them per unique delivery. It
 * polls with `count` (cheap) rather than a listing: the runs' own supersede check lists running runs too, and
 * a busy poller would slow what it waits for. Polled because Temporal's visibility store is written a moment
 * after the start itself.
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
  const phase = `WorkflowType = 'ciRunWorkflow' AND StartTime >= '${since.toISOString()}'`;
  const count = async (query: string) => Number((await stack.client.workflow.count(query)).count);
  let drainTimedOut = false;
  let lastNote = Date.now();
  for (;;) {
    const open = await count(`${phase} AND ExecutionStatus = 'Running'`);
    if (open === 0 && (await count(phase)) >= acknowledgedShas.size) break;
    if (Date.now() - lastNote >= 15_000) {
      progress(`${open} runs still open after ${Math.round((performance.now() - drainStart) / 1000)} s`);
      lastNote = Date.now();
    }
    if (Date.now() > end) {
      drainTimedOut = true;
      break;
    }
    await sleep(2000);
  }
  const runs = await phaseRuns(stack.client, since, shas);
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
