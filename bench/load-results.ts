import type { LoadSample } from './load-sender';
import type { RunCheck } from './load-runs';
import type { ApiTimings } from './load-api-log';
import { percentile } from './stats';

/** The acks of one path at one rate: nearest-rank percentiles from the scheduled send time, ms. */
export interface AckFigures {
  sent: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** the latest a request left after its scheduled moment (the sender keeping up: near 0) */
  maxSendLagMs: number;
  /** answers per HTTP status code (bare start: `ok` or the error) */
  statuses: Record<string, number>;
}

/** One rate: the two baselines and kube-ci's path, with what the deliveries turned into. */
export interface RateResult {
  rate: number;
  seconds: number;
  hmacServer: AckFigures;
  bareStart: AckFigures;
  /** bare starts at a fifth of the rate sent during kube-ci's deliveries: a start's floor with the runs executing */
  bareStartAlongside?: AckFigures;
  kubeCi: AckFigures & {
    redeliveries: number;
    /** 202 answers saying `started: true` / `started: false` (the run already existed) */
    answeredStarted: number;
    answeredExisting: number;
    runs: RunCheck;
    /** the API process's own account of its time (its log lines); absent with --in-process */
    api?: ApiTimings;
    /** the Temporal frontend's requests per second while the deliveries were sent, by operation, largest first */
    temporalRequestsPerSecond?: Record<string, number>;
  };
}

/** The shape of the `--out` JSON (bench/README.md, "npm run bench:load"). */
export interface LoadResults {
  generatedAt: string;
  /** false when the benchmark gave up (deadline, signal) after these rates */
  complete: boolean;
  environment: {
    node: string;
    cpus: number;
    sqlitePragmas: Record<string, string>;
    /** `processes`: the API and the worker each their own process (production's layout); `in-process`: one */
    topology?: 'processes' | 'in-process';
    rates: number[];
    seconds: number;
    redeliver: number;
    totalSeconds: number;
    /** other work on the machine shows in the numbers: the 1-minute load average before and after */
    loadAverage1m: { atStart: number; atEnd: number };
  };
  rates: RateResult[];
  targets: Target[];
}

export interface Target {
  name: string;
  pass: boolean;
  detail: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function ackFigures(samples: readonly LoadSample[]): AckFigures {
  const sorted = samples.map((s) => s.ackMs).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  return {
    sent: samples.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    maxSendLagMs: round(Math.max(0, ...samples.map((s) => s.lagMs))),
    statuses,
  };
}

/** How the API's 202 bodies (`{ workflowId, started }`) split between new runs and existing ones. */
export function answerSplit(samples: readonly LoadSample[]): { started: number; existing: number } {
  let started = 0;
  let existing = 0;
  for (const s of samples) {
    if (s.status !== '202' || s.body === undefined) continue;
    const body = JSON.parse(s.body) as { started?: boolean };
    if (body.started === true) started++;
    else if (body.started === false) existing++;
  }
  return { started, existing };
}

/** The issue's targets, judged at the highest rate measured (100/s at full size). */
export function judgeTargets(r: RateResult): Target[] {
  const k = r.kubeCi;
  const at = `at ${r.rate}/s`;
  const unavailable = k.statuses['503'] ?? 0;
  const timeouts = k.statuses['timeout'] ?? 0;
  const limit = 3 * r.bareStart.p99;
  const { runs } = k;
  return [
    { name: `zero 503 ${at}`, pass: unavailable === 0, detail: `${unavailable} of ${k.sent} answered 503` },
    {
      name: `ack p99 ≤ 3× bare-start p99 ${at}`,
      // more than 1% unanswered within the ack timeout: the true p99 is above the timeout, whatever it is compared with
      pass: k.p99 <= limit && timeouts * 100 <= k.sent,
      detail: `${k.p99} ms vs 3 × ${r.bareStart.p99} = ${round(limit)} ms${timeouts > 0 ? ` (${timeouts} unanswered within the timeout: p99 is at least this)` : ''}`,
    },
    {
      name: `exactly one run per unique delivery ${at}`,
      pass: runs.exactlyOne === runs.uniqueDeliveries && !runs.drainTimedOut,
      detail: `${runs.exactlyOne} of ${runs.uniqueDeliveries} (missing ${runs.missing}, duplicated ${runs.duplicated}${runs.drainTimedOut ? ', drain deadline passed' : ''})`,
    },
    {
      name: `every run executed to success ${at}`,
      pass: runs.succeeded === runs.uniqueDeliveries && runs.argoWorkflows === runs.uniqueDeliveries,
      detail: `${runs.succeeded} succeeded, ${runs.argoWorkflows} Argo Workflows, of ${runs.uniqueDeliveries}`,
    },
  ];
}
