/**
 * The load generator of `npm run bench:load`, run as its own process (bench/load-driver.ts forks it) so the
 * send schedule is not held up by the API, worker and stand-ins that share the benchmark's event loop: an
 * in-process sender would send late exactly when the system is slow and hide the latency it should measure.
 *
 * Open loop: request i is sent at start + i / rate seconds whether or not earlier ones were answered, and its
 * ack time is counted from that scheduled moment (a late send counts against the system, not for it).
 * Written by hand because the load tools that do this (autocannon, k6) either close the loop or cannot sign
 * each request or call `client.workflow.start`.
 */
import { Client, Connection } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';

/** What the parent asks for: signed HTTP posts, or bare `workflow.start` calls. */
export type LoadJob =
  | {
      kind: 'http';
      url: string;
      rate: number;
      timeoutMs: number;
      requests: Array<{ headers: Record<string, string>; body: string }>;
      /** bare starts sent alongside, over the same seconds (bench/load.ts: the baseline at the same moment) */
      probe?: StartJob;
    }
  | StartJob;

/** Bare `workflow.start` calls of a 10 KB-ish input on a queue nothing polls. */
export interface StartJob {
  kind: 'start';
  address: string;
  namespace: string;
  taskQueue: string;
  workflowType: string;
  idPrefix: string;
  rate: number;
  count: number;
  inputBytes: number;
  timeoutMs: number;
}

/** One request's outcome. */
export interface LoadSample {
  /** scheduled send → answer (or the error), ms */
  ackMs: number;
  /** how late the request left compared with its schedule, ms */
  lagMs: number;
  /** HTTP status code, `ok` for a start that returned, else the error (`timeout`, a gRPC code name, …) */
  status: string;
  /** the response body when it is short (the API's `{ workflowId, started }`) */
  body?: string;
}

/** Calls `send(i)` for i in [0, count) at `rate` per second, open loop; resolves when every call settled. */
async function openLoop(
  count: number,
  rate: number,
  send: (i: number) => Promise<Omit<LoadSample, 'ackMs' | 'lagMs'>>,
): Promise<LoadSample[]> {
  const start = performance.now() + 20;
  const pending: Array<Promise<LoadSample>> = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const lagMs = performance.now() - due;
    pending.push(send(i).then((outcome) => ({ ...outcome, ackMs: performance.now() - due, lagMs })));
  }
  return await Promise.all(pending);
}

async function httpJob(job: Extract<LoadJob, { kind: 'http' }>): Promise<LoadSample[]> {
  return await openLoop(job.requests.length, job.rate, async (i) => {
    const { headers, body } = job.requests[i]!;
    try {
      const res = await fetch(job.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(job.timeoutMs) });
      const text = await res.text();
      return { status: String(res.status), ...(text.length <= 1000 ? { body: text } : {}) };
    } catch (err) {
      return { status: errorName(err) };
    }
  });
}

async function startJob(job: StartJob): Promise<LoadSample[]> {
  const connection = await Connection.connect({ address: job.address });
  const client = new Client({ connection, namespace: job.namespace });
  const pad = 'x'.repeat(job.inputBytes);
  try {
    return await openLoop(job.count, job.rate, async (i) => {
      try {
        await connection.withDeadline(Date.now() + job.timeoutMs, () =>
          client.workflow.start(job.workflowType, {
            taskQueue: job.taskQueue,
            workflowId: `${job.idPrefix}-${i}`,
            args: [{ pad }],
          }),
        );
        return { status: 'ok' };
      } catch (err) {
        return { status: errorName(err) };
      }
    });
  } finally {
    await connection.close();
  }
}

function errorName(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timeout';
  const code =
    (err as { code?: unknown; cause?: { code?: unknown } }).code ?? (err as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code === 'number') return `grpc-${code}`;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.name : 'error';
}

// Runs as a child process only: one job per message, the samples sent back; exits when the parent disconnects.
if (process.send) {
  process.on('message', (job: LoadJob) => {
    const probe = job.kind === 'http' && job.probe ? startJob(job.probe) : Promise.resolve(undefined);
    const run = Promise.all([job.kind === 'http' ? httpJob(job) : startJob(job), probe]);
    run.then(
      ([samples, probeSamples]) =>
        process.send!({ ok: true, samples, ...(probeSamples ? { probe: probeSamples } : {}) }),
      (err: unknown) => process.send!({ ok: false, error: String(err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
