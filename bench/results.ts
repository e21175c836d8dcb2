import type { StepTiming } from './activity-timings';
import type { BaselineRunSample } from './baseline-runs';
import type { HistoryFigures } from './history';
import type { KubeCiPhase, KubeCiRunSample } from './kube-ci-runs';
import { averagePerRun, countGitHub, countKube, type RequestCounts } from './request-counts';
import { summarize, type LatencySummary } from './stats';

/** The shape of bench/results/latest.json; bench/results/README.md explains every field. */
export interface BenchResults {
  generatedAt: string;
  environment: {
    node: string;
    platform: string;
    cpus: number;
    runs: number;
    concurrency: number;
    warmup: number;
    totalSeconds: number;
    /** other work on the machine shows in the numbers: the 1-minute load average around the run */
    loadAverage1m: { atStart: number; atEnd: number };
  };
  latency: {
    sequential: PhaseLatency;
    concurrent: PhaseLatency;
  };
  history: { kubeCi: HistoryFigures; baseline: HistoryFigures };
  /** medians over the sequential runs, from the Temporal histories' server event times */
  steps: { kubeCi: StepTiming[]; baseline: StepTiming[] };
  githubRequests: {
    coldRun: RequestCounts;
    typicalRun: RequestCounts;
    perRunTotal: { min: number; max: number };
    beforeWorkflowAddedAverage: number;
    sequentialAverage: RequestCounts;
    concurrentAverage: RequestCounts;
  };
  kubeRequests: { typicalRun: RequestCounts; sequentialAverage: RequestCounts; concurrentAverage: RequestCounts };
  schemaViolations: { github: number; kube: number };
}

export interface PathLatency {
  toWorkflowAddedMs: LatencySummary;
  /** kube-ci: POST → 202; baseline: client.workflow.start → returned */
  responseMs: LatencySummary;
  toCompletedMs: LatencySummary;
  wallClockMs: number;
  runsPerSecond: number;
}

export interface PhaseLatency {
  concurrency: number;
  kubeCi: PathLatency;
  baseline: PathLatency;
  /** kube-ci ÷ baseline for webhook/start → Workflow ADDED */
  ratioToWorkflowAdded: { p50: number; p90: number; p99: number };
}

type Phase<T> = { samples: T[]; wallClockMs: number };

function pathLatency(phase: Phase<KubeCiRunSample> | Phase<BaselineRunSample>): PathLatency {
  const samples: Array<KubeCiRunSample | BaselineRunSample> = phase.samples;
  const response = samples.map((s) => ('webhookResponseMs' in s ? s.webhookResponseMs : s.startResponseMs));
  return {
    toWorkflowAddedMs: summarize(samples.map((s) => s.toWorkflowAddedMs)),
    responseMs: summarize(response),
    toCompletedMs: summarize(samples.map((s) => s.toCompletedMs)),
    wallClockMs: Math.round(phase.wallClockMs),
    runsPerSecond: Math.round((samples.length / (phase.wallClockMs / 1000)) * 10) / 10,
  };
}

export function phaseLatency(
  concurrency: number,
  kubeCi: Phase<KubeCiRunSample>,
  baseline: Phase<BaselineRunSample>,
): PhaseLatency {
  const k = pathLatency(kubeCi);
  const b = pathLatency(baseline);
  const ratio = (x: number, y: number) => Math.round((x / y) * 100) / 100;
  return {
    concurrency,
    kubeCi: k,
    baseline: b,
    ratioToWorkflowAdded: {
      p50: ratio(k.toWorkflowAddedMs.p50, b.toWorkflowAddedMs.p50),
      p90: ratio(k.toWorkflowAddedMs.p90, b.toWorkflowAddedMs.p90),
      p99: ratio(k.toWorkflowAddedMs.p99, b.toWorkflowAddedMs.p99),
    },
  };
}

export function githubFigures(
  cold: KubeCiRunSample,
  sequential: KubeCiPhase,
  concurrent: KubeCiPhase,
): BenchResults['githubRequests'] {
  const perRun = sequential.samples.map((s) => s.github?.length ?? 0);
  const beforeAdded = sequential.samples.map((s) => s.githubBeforeAdded ?? 0);
  return {
    coldRun: countGitHub(cold.github ?? []),
    typicalRun: countGitHub(sequential.samples[0]?.github ?? []),
    perRunTotal: { min: Math.min(...perRun), max: Math.max(...perRun) },
    beforeWorkflowAddedAverage: Math.round((beforeAdded.reduce((a, b) => a + b, 0) / beforeAdded.length) * 100) / 100,
    sequentialAverage: averagePerRun(countGitHub(sequential.github), sequential.samples.length),
    concurrentAverage: averagePerRun(countGitHub(concurrent.github), concurrent.samples.length),
  };
}

export function kubeFigures(sequential: KubeCiPhase, concurrent: KubeCiPhase): BenchResults['kubeRequests'] {
  return {
    typicalRun: countKube(sequential.samples[0]?.kube ?? []),
    sequentialAverage: averagePerRun(countKube(sequential.kube), sequential.samples.length),
    concurrentAverage: averagePerRun(countKube(concurrent.kube), concurrent.samples.length),
  };
}
