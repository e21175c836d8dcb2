import type { InFlightResults } from './in-flight';

const rows = (record: Record<string, number>, indent = '      ') =>
  Object.entries(record).map(([op, n]) => `${indent}${String(n).padStart(9)}  ${op}`);

/** The in-flight phase's lines of the benchmark table. */
export function renderInFlight(r: InFlightResults): string[] {
  const c = r.completion;
  return [
    `${r.runs} runs in flight on one worker process (Argo Workflows held Running; ${r.holdSeconds} s measured; all followed ${r.rampSeconds} s after the first webhook, ${r.redelivered} deliveries answered 503 and sent again)`,
    `  worker: ${r.workerCode === 'dist' ? 'node dist/worker/main.js (the build, prebuilt workflow bundle)' : 'tsx worker/main.ts (webpack at start)'}`,
    `  worker RSS (MiB): at hold start ${r.worker.rssMiB.atHoldStart}, max during hold ${r.worker.rssMiB.maxDuringHold}, after all completed ${r.worker.rssMiB.afterCompletion}`,
    ...(['idle', 'atHoldStart'] as const).map((when) => {
      const m = r.workerMemory[when];
      return `  worker memory ${when === 'idle' ? 'before the first run' : 'at hold start'} (MiB): RSS ${m.rssMiB}: V8 heap ${m.heapUsedMiB} used of ${m.heapTotalMiB}, external ${m.externalMiB}, the rest (Rust core, workflow and Starlark threads, code) ${m.otherMiB}`;
    }),
    `  followers at hold end: ${r.followers.started} running, ${r.followers.scheduled} waiting, ${r.followers.retried} on a retry (highest attempt ${r.followers.maxAttempt})`,
    ...Object.entries(r.followers.lastFailures).map(([m, n]) => `    ${n}× ${m}`),
    `  worker CPU: ${r.worker.cpuPerSecond} s per s        Temporal server CPU: ${r.temporalServer.cpuPerSecond} s per s, RSS ${r.temporalServer.rssMiB} MiB`,
    `  Temporal requests per second (frontend, during the hold): ${r.temporalRequestsPerSecond.total}, heartbeats ${r.heartbeatsPerSecond}/s`,
    ...rows(r.temporalRequestsPerSecond.byOperation),
    `  Kubernetes requests during the hold: ${r.kube.duringHold.total} (${r.kube.duringHoldPerSecond}/s)`,
    ...rows(r.kube.duringHold.byOperation),
    `  Kubernetes requests per run over the whole phase: ${r.kube.perRun.total}`,
    ...rows(r.kube.perRun.byOperation),
    `  completed: ${c.succeeded} of ${r.runs} succeeded, ${c.concludedOnce} concluded exactly once, ${c.seconds} s after release`,
    ...c.problems.map((p) => `    ${p}`),
    ...(r.loadAverage1m
      ? [`  machine load average (1 min): ${r.loadAverage1m.atStart.toFixed(1)} → ${r.loadAverage1m.atEnd.toFixed(1)}`]
      : []),
  ];
}
