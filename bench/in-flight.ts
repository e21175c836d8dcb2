/**
 * The in-flight phase of `npm run bench`: N runs whose Argo Workflows stay Running, followed by one worker
 * process, held for a measured window, then let finish. Measures what following costs while nothing
 * happens: the worker's memory and CPU, the Temporal server's requests (heartbeats above all) and CPU,
 * and the Kubernetes requests per run (the shared watch: none per run while it holds).
 */
import type { Stack } from '../test/e2e/stack';
import { postDelivery } from '../test/support/webhook-delivery';
import { prepareDelivery } from './kube-ci-runs';
import { checkCompletedOnce, resultOf, type CompletionCheck } from './in-flight-checks';
import { cpuPerSecond, sampleProcess, type ProcessSample } from './process-stats';
import { countKube, averagePerRun, type RequestCounts } from './request-counts';
import { runPool } from './stats';
import { frontendRequests, ratesPerSecond } from './temporal-metrics';
import { startWorkerProcess, type WorkerCode } from './worker-process';
import {
  followerStates,
  freePort,
  workerMemory,
  type FollowerStates,
  type WorkerMemory,
} from './in-flight-diagnostics';
import { waitUntilFollowed } from './in-flight-ramp';

export interface InFlightOptions {
  runs: number;
  holdSeconds: number;
  /** environment of the worker process on top of the stack's (settings under test) */
  workerEnv: Record<string, string>;
  /** the worker's code: its build (as production runs it) or the sources through tsx (worker-process.ts) */
  workerCode: WorkerCode;
  progress: (text: string) => void;
}

export interface InFlightResults {
  runs: number;
  holdSeconds: number;
  /** first delivery sent → every run's followArgoWorkflow started */
  rampSeconds: number;
  /** deliveries answered 503 and sent again while starting the runs (the API's burst limit, not this phase's) */
  redelivered: number;
  worker: { rssMiB: { atHoldStart: number; maxDuringHold: number; afterCompletion: number }; cpuPerSecond: number };
  /** the worker's memory before the first run and at hold start, from its own /metrics (V8 heap, external, the rest) */
  workerMemory: { idle: WorkerMemory; atHoldStart: WorkerMemory };
  /** every run's follower at the end of the hold (retries: attempts that timed out or failed) */
  followers: FollowerStates;
  temporalServer: { cpuPerSecond: number; rssMiB: number };
  /** frontend requests per second during the hold (the worker is the only client then), by operation */
  temporalRequestsPerSecond: { total: number; byOperation: Record<string, number> };
  heartbeatsPerSecond: number;
  kube: { duringHoldPerSecond: number; duringHold: RequestCounts; perRun: RequestCounts };
  completion: CompletionCheck & { seconds: number };
  /** which worker code ran (set by run-path.ts) */
  workerCode?: WorkerCode;
  /** the machine's 1-minute load average before and after (set by run-path.ts) */
  loadAverage1m?: { atStart: number; atEnd: number };
}

const mib = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the phase on `stack` (started without an in-process worker) and returns its figures. */
export async function runInFlightPhase(stack: Stack, options: InFlightOptions): Promise<InFlightResults> {
  const { runs, holdSeconds, progress } = options;
  const metricsUrl = stack.temporal.server.metricsUrl;
  const serverPid = stack.temporal.server.pid();
  if (!metricsUrl || !serverPid) throw new Error('the in-flight phase needs the dev server’s metrics port and pid');
  stack.argo.plan(() => ({ holdRunning: true }));
  const metricsPort = await freePort();
  const worker = await startWorkerProcess(
    stack,
    { ...options.workerEnv, KUBECI_METRICS_PORT: String(metricsPort) },
    options.workerCode,
  );
  try {
    const idleMemory = await workerMemory(metricsPort);
    const kubeFrom = stack.kube.requests.length;
    const rampStart = performance.now();
    progress(`in flight: delivering ${runs} webhooks whose Argo Workflows stay Running`);
    let redelivered = 0;
    const started = await runPool(runs, 5, async (i) => {
      if (i > 0 && i % 100 === 0) progress(`in flight: ${i} webhooks sent`);
      const { delivery, sha } = await prepareDelivery(stack);
      // a 503 or a connection reset asks for a redelivery (GitHub's button): the same delivery again, at most 10 times
      for (let attempt = 1; ; attempt++) {
        const res = await postDelivery(stack.apiUrl, delivery).catch((error: unknown) => {
          if (attempt === 10) throw error;
          return { status: 503, body: String(error) };
        });
        if (res.status === 202) return { sha, workflowId: (JSON.parse(res.body) as { workflowId: string }).workflowId };
        if (res.status !== 503 || attempt === 10) throw new Error(`webhook answered ${res.status}: ${res.body}`);
        redelivered += 1;
        await sleep(Math.min(2_000 * attempt, 10_000));
      }
    });
    await waitUntilFollowed(stack, started, kubeFrom, progress);
    const rampSeconds = (performance.now() - rampStart) / 1000;

    progress(`in flight: all ${runs} followed after ${rampSeconds.toFixed(0)} s; holding for ${holdSeconds} s`);
    await sleep(5_000); // the ramp's last progress updates and log reads settle
    const memory = await workerMemory(metricsPort);
    const hold = await measureHold(stack, worker.pid, serverPid, metricsUrl, holdSeconds);
    const followers = await followerStates(
      stack,
      started.map((r) => r.workflowId),
    );

    progress(`in flight: releasing ${runs} Argo Workflows`);
    const releaseStart = performance.now();
    for (const wf of stack.argoWorkflows()) stack.argo.finish('argo', wf.metadata.name!, 'Succeeded');
    const results = await runPool(started.length, 50, (i) => resultOf(stack, started[i]!.workflowId));
    const completion = {
      ...checkCompletedOnce(stack, started, results),
      seconds: Math.round((performance.now() - releaseStart) / 1000),
    };
    const afterCompletion = sampleProcess(worker.pid);
    return {
      runs,
      holdSeconds,
      rampSeconds: Math.round(rampSeconds),
      redelivered,
      worker: {
        rssMiB: {
          atHoldStart: mib(hold.workerFrom.rssBytes),
          maxDuringHold: mib(hold.workerMaxRss),
          afterCompletion: mib(afterCompletion.rssBytes),
        },
        cpuPerSecond: round2(cpuPerSecond(hold.workerFrom, hold.workerTo)),
      },
      workerMemory: { idle: idleMemory, atHoldStart: memory },
      followers,
      temporalServer: {
        cpuPerSecond: round2(cpuPerSecond(hold.serverFrom, hold.serverTo)),
        rssMiB: mib(hold.serverTo.rssBytes),
      },
      temporalRequestsPerSecond: {
        total: round2(Object.values(hold.temporalRates).reduce((a, b) => a + b, 0)),
        byOperation: hold.temporalRates,
      },
      heartbeatsPerSecond: hold.temporalRates['RecordActivityTaskHeartbeat'] ?? 0,
      kube: {
        duringHoldPerSecond: round2(hold.kube.total / holdSeconds),
        duringHold: hold.kube,
        perRun: averagePerRun(countKube(stack.kube.requests.slice(kubeFrom)), runs),
      },
      completion,
    };
  } catch (error) {
    process.stderr.write(`in flight: the worker's last output:\n${worker.output().slice(-4000)}\n`);
    throw error;
  } finally {
    await worker.stop();
  }
}

interface HoldFigures {
  workerFrom: ProcessSample;
  workerTo: ProcessSample;
  workerMaxRss: number;
  serverFrom: ProcessSample;
  serverTo: ProcessSample;
  temporalRates: Record<string, number>;
  kube: RequestCounts;
}

/** Samples the worker every second over the window; server counters and the Kubernetes log at both ends. */
async function measureHold(
  stack: Stack,
  workerPid: number,
  serverPid: number,
  metricsUrl: string,
  seconds: number,
): Promise<HoldFigures> {
  const kubeFrom = stack.kube.requests.length;
  const requestsFrom = await frontendRequests(metricsUrl);
  const workerFrom = sampleProcess(workerPid);
  const serverFrom = sampleProcess(serverPid);
  let workerMaxRss = workerFrom.rssBytes;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    await sleep(Math.min(1000, until - performance.now()));
    workerMaxRss = Math.max(workerMaxRss, sampleProcess(workerPid).rssBytes);
  }
  const workerTo = sampleProcess(workerPid);
  const serverTo = sampleProcess(serverPid);
  const requestsTo = await frontendRequests(metricsUrl);
  const elapsed = (workerTo.atMs - workerFrom.atMs) / 1000;
  return {
    workerFrom,
    workerTo,
    workerMaxRss: Math.max(workerMaxRss, workerTo.rssBytes),
    serverFrom,
    serverTo,
    temporalRates: ratesPerSecond(requestsFrom, requestsTo, elapsed),
    kube: countKube(stack.kube.requests.slice(kubeFrom)),
  };
}
