/**
 * Benchmark of the CI run path: signed webhook → API → Temporal → worker → fake GitHub / fake Kubernetes
 * (+ Argo simulator), against a baseline of bare Temporal + the same Kubernetes gateway, in one process.
 * Usage: npm run bench -- [--runs 100] [--concurrency 10] [--warmup 3] [--out bench/results/latest.json] [--path-filter]
 *   [--in-flight 1000] [--hold-seconds 60] [--in-flight-only] [--worker-temporal-config FILE] [--worker-node-options OPTS]
 *   [--follow-heartbeat-timeout 60s] [--worker-code dist|sources]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../dev/temporal-binary';
import { startStack } from '../test/e2e/stack';
import { runBaselinePhase, startBaselineWorker } from './baseline-runs';
import { fetchHistories, stepTimings } from './activity-timings';
import { historyFigures } from './history';
import { benchOptions, runKubeCiPhase } from './kube-ci-runs';
import { renderReport } from './report';
import { runInFlightPhase, type InFlightResults } from './in-flight';
import { renderInFlight } from './in-flight-report';
import type { WorkerCode } from './worker-process';
import { githubFigures, kubeFigures, phaseLatency, type BenchResults } from './results';
import { WorkflowAddedClock } from './workflow-added-clock';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    out: { type: 'string', default: resolve(import.meta.dirname, 'results/latest.json') },
    'deadline-seconds': { type: 'string', default: '1800' },
    'path-filter': { type: 'boolean', default: false },
    'in-flight': { type: 'string', default: '1000' },
    'hold-seconds': { type: 'string', default: '60' },
    'in-flight-only': { type: 'boolean', default: false },
    // the in-flight worker's temporal.yaml (worker.* tuning under test); default the project's
    'worker-temporal-config': { type: 'string' },
    // NODE_OPTIONS of the in-flight worker, e.g. --max-old-space-size=512 (a heap bound, as in a container)
    'worker-node-options': { type: 'string' },
    // the in-flight follower's heartbeat timeout (KUBECI_FOLLOW_HEARTBEAT_TIMEOUT); default production's, not the e2e stack's
    'follow-heartbeat-timeout': { type: 'string', default: '60s' },
    // the in-flight worker's code: `dist` (npm run build first, then node dist/worker/main.js, as production) or `sources` (tsx)
    'worker-code': { type: 'string', default: 'dist' },
  },
});
benchOptions.pathFilter = values['path-filter'];
const positive = (name: string, text: string, min: number) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${text}`);
  return n;
};
const runs = positive('runs', values.runs, 1);
const concurrency = positive('concurrency', values.concurrency, 1);
const warmup = positive('warmup', values.warmup, 1);
const inFlight = positive('in-flight', values['in-flight'], 0);
const workerCode: WorkerCode = values['worker-code'] === 'sources' ? 'sources' : 'dist';
if (values['worker-code'] !== workerCode)
  throw new Error(`--worker-code must be dist or sources, got ${values['worker-code']}`);
const holdSeconds = positive('hold-seconds', values['hold-seconds'], 1);

// A benchmark must end on its own even if a run never finishes: give up loudly after the deadline.
const deadline = setTimeout(
  () => {
    process.stderr.write(`bench: not finished after ${values['deadline-seconds']} s, giving up\n`);
    process.exit(2);
  },
  positive('deadline-seconds', values['deadline-seconds'], 10) * 1000,
);
deadline.unref();

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);
const benchStartedAt = performance.now();
const loadAtStart = loadavg()[0]!;

/** The four run-path phases on one stack (in-process worker), closed afterwards. */
async function measureRunPath(): Promise<BenchResults> {
  progress('starting Temporal dev server, API, worker and stand-ins');
  const stack = await startStack();
  if (!stack.fake) throw new Error('the bench runs on the fake Kubernetes tier (KUBECI_E2E_KUBE unset)');
  const clock = new WorkflowAddedClock(stack.fake.store, `${stack.settings.annotationPrefix}/sha`);
  const baselineWorker = await startBaselineWorker(stack);
  try {
    progress(`warm-up: ${warmup} kube-ci and ${warmup} baseline runs (not counted)`);
    const kubeCiWarmup = await runKubeCiPhase(stack, clock, warmup, 1);
    await runBaselinePhase(stack, clock, warmup, 1);

    progress(`sequential: ${runs} kube-ci runs`);
    const kubeCiSequential = await runKubeCiPhase(stack, clock, runs, 1);
    progress(`sequential: ${runs} baseline runs`);
    const baselineSequential = await runBaselinePhase(stack, clock, runs, 1);
    progress(`${concurrency} in flight: ${runs} kube-ci runs`);
    const kubeCiConcurrent = await runKubeCiPhase(stack, clock, runs, concurrency);
    progress(`${concurrency} in flight: ${runs} baseline runs`);
    const baselineConcurrent = await runBaselinePhase(stack, clock, runs, concurrency);

    const results: BenchResults = {
      generatedAt: new Date().toISOString(),
      environment: {
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cpus: availableParallelism(),
        runs,
        concurrency,
        warmup,
        totalSeconds: Math.round((performance.now() - benchStartedAt) / 1000),
        loadAverage1m: { atStart: loadAtStart, atEnd: loadavg()[0]! },
      },
      latency: {
        sequential: phaseLatency(1, kubeCiSequential, baselineSequential),
        concurrent: phaseLatency(concurrency, kubeCiConcurrent, baselineConcurrent),
      },
      history: {
        kubeCi: await historyFigures(stack.client, kubeCiSequential.samples[0]!.workflowId),
        baseline: await historyFigures(stack.client, baselineSequential.samples[0]!.workflowId),
      },
      steps: {
        kubeCi: stepTimings(
          await fetchHistories(
            stack.client,
            kubeCiSequential.samples.map((s) => s.workflowId),
          ),
        ),
        baseline: stepTimings(
          await fetchHistories(
            stack.client,
            baselineSequential.samples.map((s) => s.workflowId),
          ),
        ),
      },
      githubRequests: githubFigures(kubeCiWarmup.samples[0]!, kubeCiSequential, kubeCiConcurrent),
      kubeRequests: kubeFigures(kubeCiSequential, kubeCiConcurrent),
      schemaViolations: { github: stack.github.schemaViolations.length, kube: stack.kube.schemaViolations.length },
    };
    return results;
  } finally {
    clock.stop();
    await baselineWorker.stop();
    await stack.close();
  }
}

/** The in-flight phase on a stack of its own, its worker a process of its own (in-flight.ts). */
async function measureInFlight(): Promise<InFlightResults> {
  if (workerCode === 'dist') {
    progress('in flight: npm run build (the worker runs from dist/, as production does)');
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: projectRoot, stdio: 'ignore' });
  }
  progress(`in flight: starting Temporal dev server, API and stand-ins for ${inFlight} runs`);
  const stack = await startStack({ worker: false });
  try {
    const loadBefore = loadavg()[0]!;
    const figures = await runInFlightPhase(stack, {
      runs: inFlight,
      workerCode,
      holdSeconds,
      // the production progress interval: with 1,000 runs the e2e stack's 200 ms is not what is measured
      workerEnv: {
        KUBECI_PROGRESS_INTERVAL: '5s',
        KUBECI_LOG_LEVEL: 'info',
        KUBECI_FOLLOW_HEARTBEAT_TIMEOUT: values['follow-heartbeat-timeout'],
        ...(values['worker-temporal-config'] ? { KUBECI_TEMPORAL_CONFIG: values['worker-temporal-config'] } : {}),
        ...(values['worker-node-options'] ? { NODE_OPTIONS: values['worker-node-options'] } : {}),
      },
      progress,
    });
    return { ...figures, workerCode, loadAverage1m: { atStart: loadBefore, atEnd: loadavg()[0]! } };
  } finally {
    await stack.close();
  }
}

const runPath = values['in-flight-only'] ? undefined : await measureRunPath();
const inFlightResults = inFlight > 0 ? await measureInFlight() : undefined;
const results = {
  ...(runPath ?? { generatedAt: new Date().toISOString() }),
  ...(inFlightResults ? { inFlight: inFlightResults } : {}),
};
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify(results, null, 2) + '\n');
if (runPath) process.stdout.write(renderReport(runPath));
if (inFlightResults) process.stdout.write(['', ...renderInFlight(inFlightResults), ''].join('\n'));
progress(`results written to ${values.out}`);
