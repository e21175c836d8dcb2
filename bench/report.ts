import type { StepTiming } from './activity-timings';
import type { BenchResults, PathLatency, PhaseLatency } from './results';
import type { RequestCounts } from './request-counts';
import type { LatencySummary } from './stats';

const cell = (value: string | number, width: number) => String(value).padStart(width);
const label = (text: string) => `  ${text.padEnd(40)}`;
const latencyRow = (name: string, s: LatencySummary) =>
  `${label(name)}${cell(s.p50, 8)}${cell(s.p90, 8)}${cell(s.p99, 8)}${cell(s.max, 8)}${cell(s.mean, 8)}`;
const header = (title: string) =>
  `${title.padEnd(42)}${['p50', 'p90', 'p99', 'max', 'mean'].map((h) => cell(h, 8)).join('')}`;

function latencySection(
  title: string,
  pick: (p: PathLatency) => LatencySummary,
  phases: PhaseLatency[],
  baselineName: string,
): string[] {
  const lines = [header(title)];
  for (const phase of phases) {
    const mode = phase.concurrency === 1 ? 'sequential' : `${phase.concurrency} in flight`;
    lines.push(
      latencyRow(`kube-ci   ${mode}`, pick(phase.kubeCi)),
      latencyRow(`${baselineName} ${mode}`, pick(phase.baseline)),
    );
  }
  return lines;
}

function countsLines(counts: RequestCounts, indent = '    '): string[] {
  return Object.entries(counts.byOperation).map(([op, n]) => `${indent}${cell(n, 7)}  ${op}`);
}

function stepLines(path: string, steps: StepTiming[]): string[] {
  return steps.map(
    (s) => `  ${path.padEnd(9)} ${s.step.padEnd(30)}${cell(s.scheduleToStartMs ?? '', 8)}${cell(s.runMs, 8)}`,
  );
}

/** The human-readable table of one benchmark run, for stdout. */
export function renderReport(r: BenchResults): string {
  const { sequential, concurrent } = r.latency;
  const phases = [sequential, concurrent];
  const e = r.environment;
  const ratio = (p: PhaseLatency) =>
    `p50 ×${p.ratioToWorkflowAdded.p50}  p90 ×${p.ratioToWorkflowAdded.p90}  p99 ×${p.ratioToWorkflowAdded.p99}`;
  const historyTypes = [
    ...new Set([...Object.keys(r.history.kubeCi.byType), ...Object.keys(r.history.baseline.byType)]),
  ];
  const lines = [
    `kube-ci CI run path — ${e.runs} runs per phase, ${e.warmup} warm-up, node ${e.node}, ${e.cpus} cpus, ${e.totalSeconds} s in all, load average ${e.loadAverage1m.atStart.toFixed(1)} → ${e.loadAverage1m.atEnd.toFixed(1)}`,
    '',
    ...latencySection('Webhook sent → Argo Workflow ADDED (ms)', (p) => p.toWorkflowAddedMs, phases, 'baseline '),
    `  kube-ci ÷ baseline, sequential:     ${ratio(sequential)}`,
    `  kube-ci ÷ baseline, ${concurrent.concurrency} in flight:    ${ratio(concurrent)}`,
    '',
    ...latencySection('Webhook POST → 202 (baseline: start())', (p) => p.responseMs, phases, 'baseline '),
    '',
    ...latencySection('Webhook sent → run completed (ms)', (p) => p.toCompletedMs, phases, 'baseline '),
    '',
    'Throughput (runs completed per second of wall clock)',
    ...phases.map(
      (p) =>
        `  ${(p.concurrency === 1 ? 'sequential' : `${p.concurrency} in flight`).padEnd(14)} kube-ci ${p.kubeCi.runsPerSecond}/s   baseline ${p.baseline.runsPerSecond}/s`,
    ),
    '',
    `${'Temporal history of one successful run'.padEnd(39)}${cell('kube-ci', 11)}${cell('baseline', 11)}`,
    `${'  events'.padEnd(39)}${cell(r.history.kubeCi.events, 11)}${cell(r.history.baseline.events, 11)}`,
    `${'  bytes (protobuf-encoded History)'.padEnd(39)}${cell(r.history.kubeCi.protobufBytes, 11)}${cell(r.history.baseline.protobufBytes, 11)}`,
    `  events by type (count, bytes)`,
    ...historyTypes.map((t) => {
      const [k, b] = [r.history.kubeCi, r.history.baseline];
      const pair = (h: typeof k) => `${cell(h.byType[t] ?? 0, 4)}${cell(h.bytesByType[t] ?? 0, 7)}`;
      return `    ${t.padEnd(35)}${pair(k)}${pair(b)}`;
    }),
    '',
    `${"Where a sequential run's time goes (median ms)".padEnd(51)}  queued running`,
    ...stepLines('kube-ci', r.steps.kubeCi),
    ...stepLines('baseline', r.steps.baseline),
    '',
    `GitHub requests of one successful run (warm token cache): ${r.githubRequests.typicalRun.total}, token mints ${r.githubRequests.typicalRun.tokenMints}`,
    ...countsLines(r.githubRequests.typicalRun),
    `  first (cold) run: ${r.githubRequests.coldRun.total} requests, of which token mints ${r.githubRequests.coldRun.tokenMints}`,
    `  per run over ${e.runs} sequential runs: average ${r.githubRequests.sequentialAverage.total} (min ${r.githubRequests.perRunTotal.min}, max ${r.githubRequests.perRunTotal.max}), token mints ${r.githubRequests.sequentialAverage.tokenMints}`,
    `  of those before the Argo Workflow existed: ${r.githubRequests.beforeWorkflowAddedAverage}`,
    `  per run over ${e.runs} runs, ${concurrent.concurrency} in flight: average ${r.githubRequests.concurrentAverage.total}, token mints ${r.githubRequests.concurrentAverage.tokenMints}`,
    '',
    `Kubernetes requests of one successful run: ${r.kubeRequests.typicalRun.total} (average ${r.kubeRequests.sequentialAverage.total} sequential, ${r.kubeRequests.concurrentAverage.total} with ${concurrent.concurrency} in flight)`,
    ...countsLines(r.kubeRequests.typicalRun),
    '',
    `Schema violations seen by the stand-ins: GitHub ${r.schemaViolations.github}, Kubernetes ${r.schemaViolations.kube}`,
  ];
  return lines.join('\n') + '\n';
}
