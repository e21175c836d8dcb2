/**
 * `npm run bench:load`: signed `check_suite.requested` deliveries at fixed rates, open loop, through the real
 * API, worker and Temporal dev server of the e2e stack (runs execute on the Argo simulator), next to two
 * baselines at the same rates on the same machine: a minimal HMAC-verifying HTTP server, and bare
 * `client.workflow.start` calls (10 KB input, nothing polling) against the same Temporal server.
 * As production runs them (deploy/chart), the API (`api/main.ts`) and the worker (`worker/main.ts`) are each
 * their own process; the stand-ins stay in this one and the sender is a fourth (load-driver.ts).
 * `--in-process` puts the API and the worker back into this process, next to the stand-ins (one event loop).
 * Usage: npm run bench:load -- [--rates 20,50,100] [--seconds 10] [--redeliver 0.2] [--out FILE]
 *        [--sqlite-synchronous normal|full] [--drain-seconds 600] [--deadline-seconds 3600] [--in-process]
 * Reports the targets as PASS/MISS and exits 0 either way; it exits non-zero only when it could not
 * measure (a crash, or the overall deadline).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { BURST_SAFE_SQLITE_PRAGMAS } from '../dev/temporal-dev-server';
import { startStack, webhookSecret, type Stack } from '../test/e2e/stack';
import { startHmacBaselineServer, type HmacBaselineServer } from './hmac-baseline-server';
import { prepareLoadDeliveries } from './load-deliveries';
import { bareStartJob, startLoadDriver } from './load-driver';
import { startApiProcess, startWorkerProcess, type ApiProcess, type ServiceProcess } from './worker-process';
import { apiTimingsSince, logOffset } from './load-api-log';
import { ackFigures, answerSplit, judgeTargets, type LoadResults, type RateResult } from './load-results';
import { renderLoadReport } from './load-report';
import { awaitAndCheckRuns } from './load-runs';
import { frontendRequests, ratesPerSecond } from './temporal-metrics';
import type { LoadSample } from './load-sender';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '20,50,100' },
    seconds: { type: 'string', default: '10' },
    redeliver: { type: 'string', default: '0.2' },
    out: { type: 'string', default: resolve(import.meta.dirname, 'results/load-latest.json') },
    'sqlite-synchronous': { type: 'string', default: BURST_SAFE_SQLITE_PRAGMAS['synchronous'] ?? 'normal' },
    'drain-seconds': { type: 'string', default: '600' },
    'deadline-seconds': { type: 'string', default: '3600' },
    'in-process': { type: 'boolean', default: false },
  },
});
const number = (name: string, text: string, ok: (n: number) => boolean) => {
  const n = Number(text);
  if (!ok(n)) throw new Error(`--${name}: ${text} is out of range`);
  return n;
};
const rates = values.rates.split(',').map((r) => number('rates', r, (n) => Number.isInteger(n) && n > 0));
const seconds = number('seconds', values.seconds, (n) => Number.isInteger(n) && n > 0);
const redeliver = number('redeliver', values.redeliver, (n) => n >= 0 && n < 1);
const drainMs = number('drain-seconds', values['drain-seconds'], (n) => n > 0) * 1000;
const synchronous = values['sqlite-synchronous'];
if (!['normal', 'full', 'off', 'extra'].includes(synchronous))
  throw new Error(`--sqlite-synchronous must be normal, full, off or extra, got ${synchronous}`);
const sqlitePragmas = { ...BURST_SAFE_SQLITE_PRAGMAS, synchronous };
const topology = values['in-process'] ? 'in-process' : 'processes';

const progress = (text: string) => process.stderr.write(`bench:load: ${text}\n`);
/** GitHub's limit for a delivery's answer: later counts as `timeout` */
const ackTimeoutMs = 10_000;

// Whatever happens, no Temporal server or sender outlives the benchmark.
let stack: Stack | undefined;
/** the API and worker processes (none with --in-process) */
const services: ServiceProcess[] = [];
let apiProcess: ApiProcess | undefined;
const driver = startLoadDriver();
const abort = (why: string, code: number) => {
  progress(why);
  writeReport(true, false);
  driver.stop();
  void (stack?.temporal.server.stop(true) ?? Promise.resolve()).finally(() => process.exit(code));
};
setTimeout(
  () => abort(`not finished after ${values['deadline-seconds']} s, giving up`, 2),
  number('deadline-seconds', values['deadline-seconds'], (n) => n >= 10) * 1000,
).unref();
process.once('SIGINT', () => abort('interrupted', 130));
process.once('SIGTERM', () => abort('terminated', 143));

const benchStartedAt = performance.now();
const loadAtStart = loadavg()[0]!;
progress(`starting Temporal dev server (SQLite synchronous=${synchronous}), stand-ins, API and worker (${topology})`);

/** Sends `tag`'s deliveries to kube-ci's API at `rate` and waits for the runs they started. */
async function kubeCiPhase(s: Stack, rate: number, count: number, tag: string) {
  const deliveries = await prepareLoadDeliveries(s, count, redeliver, tag);
  const since = new Date(Date.now() - 1000);
  const url = `${apiProcess?.url ?? s.apiUrl}/webhooks/github`;
  const logFrom = apiProcess ? logOffset(apiProcess.logFile) : 0;
  // bare starts at a fifth of the rate alongside: the floor for a start at the same moment, the runs executing
  const fifth = (n: number) => Math.max(1, Math.round(n / 5));
  const probe = bareStartJob(s.temporal.address, fifth(rate), fifth(count), `probe${tag}`);
  const job = { kind: 'http', url, rate, timeoutMs: ackTimeoutMs, requests: deliveries.requests, probe } as const;
  const metrics = s.temporal.server.metricsUrl;
  const [before, sendStart] = [metrics ? await frontendRequests(metrics) : {}, performance.now()];
  const { samples, probe: probeSamples } = await driver.runWithProbe(job);
  const after = metrics ? await frontendRequests(metrics) : {};
  const temporalRates = ratesPerSecond(before, after, (performance.now() - sendStart) / 1000);
  const api = apiProcess ? apiTimingsSince(apiProcess.logFile, logFrom) : undefined;
  const acknowledged = new Set(deliveries.shaOfSlot.filter((_, i) => samples[i]!.status.startsWith('2')));
  const runs = await awaitAndCheckRuns(s, since, deliveries.uniqueShas, acknowledged, drainMs, progress);
  return { deliveries, samples, runs, api, probeSamples, temporalRates };
}

const bareStarts = (s: Stack, rate: number, count: number): Promise<LoadSample[]> =>
  driver.run(bareStartJob(s.temporal.address, rate, count, String(rate)));

const results: RateResult[] = [];
/** Writes the JSON after every rate (so a later crash keeps it); prints the table when done or giving up. */
function writeReport(print: boolean, complete = print): void {
  if (results.length === 0) return;
  const report: LoadResults = {
    generatedAt: new Date().toISOString(),
    complete,
    environment: {
      node: process.version,
      cpus: availableParallelism(),
      sqlitePragmas,
      topology,
      rates,
      seconds,
      redeliver,
      totalSeconds: Math.round((performance.now() - benchStartedAt) / 1000),
      loadAverage1m: { atStart: loadAtStart, atEnd: loadavg()[0]! },
    },
    rates: results,
    targets: judgeTargets(results.reduce((a, b) => (b.rate > a.rate ? b : a))),
  };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n');
  if (print) process.stdout.write(renderLoadReport(report));
  progress(`results ${complete ? '' : 'so far '}written to ${values.out}`);
}

let hmac: HmacBaselineServer | undefined;
try {
  stack = await startStack({ sqlitePragmas, worker: topology === 'in-process' });
  if (topology === 'processes') {
    services.push(await startWorkerProcess(stack, {}));
    apiProcess = await startApiProcess(stack);
    services.push(apiProcess);
  }
  hmac = await startHmacBaselineServer(webhookSecret);
  progress('warm-up: 5 deliveries and 5 bare starts (not counted)');
  const warm = await kubeCiPhase(stack, 5, 5, 'warmup');
  if (warm.runs.succeeded !== warm.runs.uniqueDeliveries)
    throw new Error(`warm-up: ${warm.runs.succeeded} of ${warm.runs.uniqueDeliveries} runs succeeded`);
  await bareStarts(stack, 5, 5);

  for (const rate of rates) {
    const count = rate * seconds;
    progress(`${rate}/s: HMAC-only server`);
    const deliveries = await prepareLoadDeliveries(stack, count, redeliver, `hmac${rate}`);
    const hmacSamples = await driver.run({
      kind: 'http',
      url: hmac.url,
      rate,
      timeoutMs: ackTimeoutMs,
      requests: deliveries.requests,
    });
    await sleep(1000);
    progress(`${rate}/s: bare workflow.start`);
    const bare = await bareStarts(stack, rate, count);
    await sleep(1000);
    progress(`${rate}/s: kube-ci (${count} deliveries, then waiting for their runs)`);
    const kubeCi = await kubeCiPhase(stack, rate, count, `r${rate}`);
    const split = answerSplit(kubeCi.samples);
    results.push({
      rate,
      seconds,
      hmacServer: ackFigures(hmacSamples),
      bareStart: ackFigures(bare),
      bareStartAlongside: ackFigures(kubeCi.probeSamples),
      kubeCi: {
        ...ackFigures(kubeCi.samples),
        redeliveries: kubeCi.deliveries.redelivery.filter(Boolean).length,
        answeredStarted: split.started,
        answeredExisting: split.existing,
        runs: kubeCi.runs,
        ...(kubeCi.api ? { api: kubeCi.api } : {}),
        temporalRequestsPerSecond: kubeCi.temporalRates,
      },
    });
    writeReport(false);
    await sleep(2000);
  }

  writeReport(true);
} finally {
  driver.stop();
  await hmac?.close();
  await Promise.all(services.map((service) => service.stop()));
  await stack?.close();
}
