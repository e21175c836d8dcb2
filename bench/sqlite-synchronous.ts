/**
 * `npm run bench:sqlite -- [--rate 100] [--seconds 10] [--rounds 2]`: bare `client.workflow.start` (10 KB input,
 * nothing polling) at a fixed rate, open loop, against fresh Temporal dev servers with SQLite `synchronous=normal`
 * and `synchronous=full` (both WAL), alternating normal, full, normal, full… so drifting machine load falls on
 * both alike. The cheap half of the comparison; `npm run bench:load -- --sqlite-synchronous full` is the whole path.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { BURST_SAFE_SQLITE_PRAGMAS } from '../dev/temporal-dev-server';
import { startTestTemporal, type TestTemporal } from '../test/support/temporal';
import { startLoadDriver } from './load-driver';
import { ackFigures } from './load-results';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
  },
});
const [rate, seconds, rounds] = [values.rate, values.seconds, values.rounds].map((text) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got ${text}`);
  return n;
}) as [number, number, number];

const driver = startLoadDriver();
let temporal: TestTemporal | undefined;
process.once('SIGINT', () => {
  driver.stop();
  void (temporal?.server.stop(true) ?? Promise.resolve()).finally(() => process.exit(130));
});

const lines = [
  `bare workflow.start at ${rate}/s for ${seconds} s, SQLite WAL, ${rounds} round(s) each, ${availableParallelism()} cpus, load average ${loadavg()[0]!.toFixed(1)} at start`,
  `${'synchronous'.padEnd(14)}${['p50', 'p95', 'p99', 'max', 'lag'].map((h) => h.padStart(9)).join('')}   statuses`,
];
try {
  for (let round = 0; round < rounds; round++) {
    for (const synchronous of ['normal', 'full']) {
      temporal = await startTestTemporal({ sqlitePragmas: { ...BURST_SAFE_SQLITE_PRAGMAS, synchronous } });
      const samples = await driver.run({
        kind: 'start',
        address: temporal.address,
        namespace: 'default',
        taskQueue: 'kube-ci-bench-sqlite-unpolled',
        workflowType: 'loadBaselineWorkflow',
        idPrefix: `sqlite-${synchronous}-${round}`,
        rate,
        count: rate * seconds,
        inputBytes: 10 * 1024,
        timeoutMs: 10_000,
      });
      await temporal.close();
      temporal = undefined;
      const f = ackFigures(samples);
      const statuses = Object.entries(f.statuses).map(([s, n]) => `${s}×${n}`);
      lines.push(
        `${synchronous.padEnd(14)}${[f.p50, f.p95, f.p99, f.max, f.maxSendLagMs].map((v) => String(v).padStart(9)).join('')}   ${statuses.join(' ')}`,
      );
      process.stderr.write(`bench:sqlite: ${lines.at(-1)}\n`);
    }
  }
  lines.push(`load average ${loadavg()[0]!.toFixed(1)} at end`);
  process.stdout.write(lines.join('\n') + '\n');
} finally {
  driver.stop();
  await temporal?.close();
}
