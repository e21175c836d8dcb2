import type { AckFigures, LoadResults } from './load-results';

const cell = (value: string | number, width: number) => String(value).padStart(width);
const statusText = (s: AckFigures) =>
  Object.entries(s.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
const ackRow = (name: string, s: AckFigures) =>
  `  ${name.padEnd(22)}${cell(s.sent, 6)}${cell(s.p50, 9)}${cell(s.p95, 9)}${cell(s.p99, 9)}${cell(s.max, 9)}${cell(s.maxSendLagMs, 8)}   ${statusText(s)}`;

/** The human-readable table of one `npm run bench:load`, for stdout. */
export function renderLoadReport(r: LoadResults): string {
  const e = r.environment;
  const pragmas = Object.entries(e.sqlitePragmas)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const lines = [
    ...(r.complete ? [] : ['INCOMPLETE: the benchmark gave up; the rates below are those it finished']),
    `kube-ci under load — open loop, ${e.seconds} s per rate, ${Math.round(e.redeliver * 100)}% redelivered, SQLite ${pragmas}, API and worker ${e.topology === 'in-process' ? 'in the benchmark process' : 'each their own process'}, node ${e.node}, ${e.cpus} cpus, ${e.totalSeconds} s in all, load average ${e.loadAverage1m.atStart.toFixed(1)} → ${e.loadAverage1m.atEnd.toFixed(1)}`,
  ];
  for (const rate of r.rates) {
    const k = rate.kubeCi;
    const runs = k.runs;
    lines.push(
      '',
      `${`${rate.rate}/s for ${rate.seconds} s — ack ms`.padEnd(24)}${cell('sent', 6)}${['p50', 'p95', 'p99', 'max'].map((h) => cell(h, 9)).join('')}${cell('lag', 8)}   statuses`,
      ackRow('kube-ci API', k),
      ackRow('HMAC-only server', rate.hmacServer),
      ackRow('bare workflow.start', rate.bareStart),
      ...(rate.bareStartAlongside ? [ackRow('  same, during kube-ci', rate.bareStartAlongside)] : []),
      `  deliveries: ${runs.uniqueDeliveries} unique + ${k.redeliveries} redelivered; 202 answers: ${k.answeredStarted} started, ${k.answeredExisting} already existed`,
      ...(k.api
        ? [
            `  inside the API (its log, ${k.api.lines} run hand-offs): route → started p50 ${k.api.handledMs.p50} / p99 ${k.api.handledMs.p99} ms, of which workflow.start p50 ${k.api.startMs.p50} / p99 ${k.api.startMs.p99} ms`,
          ]
        : []),
      ...(k.temporalRequestsPerSecond
        ? [
            `  Temporal frontend while sending, requests/s: ${Object.entries(k.temporalRequestsPerSecond)
              .slice(0, 6)
              .map(([op, n]) => `${op} ${n}`)
              .join(', ')}`,
          ]
        : []),
      `  runs: ${runs.runsStarted} started for ${runs.uniqueDeliveries} unique (exactly one: ${runs.exactlyOne}, none: ${runs.missing}, several: ${runs.duplicated}); ${runs.succeeded} succeeded; ${runs.argoWorkflows} Argo Workflows; all closed ${(runs.drainMs / 1000).toFixed(1)} s after the last answer${runs.drainTimedOut ? ' (DRAIN DEADLINE PASSED)' : ''}`,
    );
  }
  lines.push('', 'Targets (reported, not enforced)');
  for (const t of r.targets) lines.push(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${t.detail}`);
  return lines.join('\n') + '\n';
}
