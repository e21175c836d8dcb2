/**
 * What the in-flight phase looks at besides rates: where the worker's memory is (its own `/metrics`, prom-client's
 * `nodejs_*` gauges: the main isolate's V8 heap and the memory V8 accounts as external, so RSS minus both is the
 * Rust core, the isolates of the other threads — the SDK's workflow thread, which holds the workflow cache, and
 * the Starlark engines — and code), and the state of every run's follower at the end of the hold
 * (attempt > 1: an attempt timed out or failed and was retried, each retry one more read of its Argo Workflow).
 * A line match reads the few gauges: a full exposition-format parser would add a dependency for nothing.
 */
import { createServer } from 'node:net';
import proto from '@temporalio/proto';
import type { Stack } from '../test/e2e/stack';
import { runPool } from './stats';

const mib = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

/** A free loopback port for the worker's `/metrics` (KUBECI_METRICS_PORT). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface WorkerMemory {
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  /** RSS − V8 heap total − external: the Rust core (Temporal), the workflow and Starlark threads' isolates, code */
  otherMiB: number;
}

/** The worker's memory split, from its `/metrics`. */
export async function workerMemory(port: number): Promise<WorkerMemory> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const gauge = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text)?.[1]);
  const rss = gauge('process_resident_memory_bytes');
  const heapUsed = gauge('nodejs_heap_size_used_bytes');
  const heapTotal = gauge('nodejs_heap_size_total_bytes');
  const external = gauge('nodejs_external_memory_bytes');
  return {
    rssMiB: mib(rss),
    heapUsedMiB: mib(heapUsed),
    heapTotalMiB: mib(heapTotal),
    externalMiB: mib(external),
    otherMiB: mib(rss - heapTotal - external),
  };
}

export interface FollowerStates {
  /** runs whose followArgoWorkflow is running (STARTED) */
  started: number;
  /** runs whose follower waits for a worker or a retry (SCHEDULED) */
  scheduled: number;
  /** followers on attempt 2 or later, and the highest attempt */
  retried: number;
  maxAttempt: number;
  /** the last failure of retried followers, by message (at most 3) */
  lastFailures: Record<string, number>;
}

const FOLLOW = 'followArgoWorkflow';
const { PENDING_ACTIVITY_STATE_STARTED: STARTED, PENDING_ACTIVITY_STATE_SCHEDULED: SCHEDULED } =
  proto.temporal.api.enums.v1.PendingActivityState;

/** Describes every run once, 4 at a time (describes load the server: only after the measured window). */
export async function followerStates(stack: Stack, workflowIds: string[]): Promise<FollowerStates> {
  const pending = await runPool(workflowIds.length, 4, async (i) => {
    const description = await stack.client.workflow.getHandle(workflowIds[i]!).describe();
    return (description.raw.pendingActivities ?? []).find((a) => a.activityType?.name === FOLLOW);
  });
  const states: FollowerStates = { started: 0, scheduled: 0, retried: 0, maxAttempt: 0, lastFailures: {} };
  for (const activity of pending) {
    if (!activity) continue;
    if (activity.state === STARTED) states.started += 1;
    if (activity.state === SCHEDULED) states.scheduled += 1;
    const attempt = activity.attempt ?? 1;
    states.maxAttempt = Math.max(states.maxAttempt, attempt);
    if (attempt <= 1) continue;
    states.retried += 1;
    const message = activity.lastFailure?.message ?? '(none)';
    if (message in states.lastFailures || Object.keys(states.lastFailures).length < 3)
      states.lastFailures[message] = (states.lastFailures[message] ?? 0) + 1;
  }
  return states;
}
