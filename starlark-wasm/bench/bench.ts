// Benchmark: cold start and warm p50/p99 of representative ci.star scripts in the wasm engine, against the
// same engine package built natively from the same go.starlark.net version, and optionally against both
// builds of an earlier commit ("before"). The engines take turns in rounds of a few evaluations each, so a
// shared machine's changing load falls on all of them alike; every engine's result must be the same.
//
// Run: npx tsx starlark-wasm/bench/bench.ts [runs] [--baseline <git rev>]
// Also prints the machine's load average at the start and the end: ratios to native in the same run are what count.
import { loadavg } from 'node:os';
import type { StarlarkPool } from '../src/index';
import { computed, currentEngines, enginesAt, request, type Computed, type Engines } from './engines';
import { cpuBoundFiles, pipelineFiles, yamlFiles } from './scripts';

const args = process.argv.slice(2);
const baselineAt = args.indexOf('--baseline');
const baseline = baselineAt >= 0 ? args.splice(baselineAt, 2)[1] : undefined;
const runs = Number(args[0] ?? 100);
const ROUND = 10; // evaluations per engine per turn
// Untimed evaluations per engine and case before the timed ones. V8 runs wasm first as Liftoff code and
// compiles a function with TurboFan, on a background thread, once it is hot: the first ≈ 30 evaluations
// of a script cost several times a warm one (measured: 20–80 ms of CPU each, then ≈ 4 ms, 300-line case).
// The CPU-bound case runs its few hot functions long enough in a handful.

interface Row {
  engine: string;
  coldMs: number;
  samples: number[];
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function same(what: string, a: Computed, b: Computed | undefined, engine: string): void {
  if (b && (a.globals !== b.globals || a.prints !== b.prints))
    throw new Error(`${what}: ${engine} computed something else`);
}

const cases = [
  { name: '300-line ci.star, 3 loads', files: pipelineFiles(), outputs: ['workflow'], target: '≤ 3×', warmUp: 40 },
  { name: 'same + yaml.dumps(workflow)', files: yamlFiles(), outputs: ['workflow', 'text'], target: '', warmUp: 40 },
  {
    name: 'CPU-bound (sieve + dict)',
    files: cpuBoundFiles(),
    outputs: ['primes', 'histogram'],
    target: '≤ 5×',
    warmUp: 5,
  },
];

const commits: Engines[] = [];
if (baseline) commits.push(await enginesAt(baseline));
commits.push(await currentEngines());

const load = (): string =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
process.stdout.write(
  `runs per engine and case: ${runs}, in turns of ${ROUND}, after ${cases.map((c) => c.warmUp).join('/')} untimed (wasm)\n`,
);
process.stdout.write(`load average at the start: ${load()}\n\n`);
process.stdout.write('| script | engine | cold ms | warm p50 ms | warm p99 ms | p50 / native | target |\n');
process.stdout.write('|---|---|---|---|---|---|---|\n');
const fmt = (ms: number): string => ms.toFixed(2).padStart(8);
for (const c of cases) {
  const pools: StarlarkPool[] = [];
  const wasmRows: Row[] = [];
  const nativeRows: Row[] = [];
  let expected: Computed | undefined;
  for (const commit of commits) {
    const started = performance.now();
    const pool = await commit.createPool();
    const first = computed(await pool.evaluate(request(c.files, c.outputs)));
    wasmRows.push({ engine: `wasm${commit.label}`, coldMs: performance.now() - started, samples: [] });
    nativeRows.push({ engine: `native${commit.label}`, coldMs: commit.native.coldMs(c.files, c.outputs), samples: [] });
    pools.push(pool);
    same(c.name, first, expected, `wasm${commit.label}`);
    expected = first;
    for (let k = 0; k < c.warmUp; k++) await pool.evaluate(request(c.files, c.outputs));
  }
  for (let done = 0; done < runs; done += ROUND) {
    const n = Math.min(ROUND, runs - done);
    for (const [i, commit] of commits.entries()) {
      for (let k = 0; k < n; k++) {
        const t = performance.now();
        const result = await pools[i]!.evaluate(request(c.files, c.outputs));
        wasmRows[i]!.samples.push(performance.now() - t);
        if (k === 0) same(c.name, expected!, computed(result), wasmRows[i]!.engine);
      }
      const ran = commit.native.run(c.files, c.outputs, n);
      nativeRows[i]!.samples.push(...ran.samplesMs);
      same(c.name, expected!, ran.computed, nativeRows[i]!.engine);
    }
  }
  await Promise.all(pools.map((pool) => pool.close()));
  for (const [i, wasm] of wasmRows.entries()) {
    const native = nativeRows[i]!;
    const ratio = percentile(wasm.samples, 50) / percentile(native.samples, 50);
    const target = i === wasmRows.length - 1 ? c.target : '';
    for (const [row, r, t] of [
      [wasm, `${ratio.toFixed(1)}×`, target],
      [native, '1×', ''],
    ] as const) {
      const cells = [c.name, row.engine, fmt(row.coldMs), fmt(percentile(row.samples, 50))];
      process.stdout.write(`| ${[...cells, fmt(percentile(row.samples, 99)), r, t].join(' | ')} |\n`);
    }
  }
}
process.stdout.write(`\nload average at the end: ${load()}\n`);
process.stdout.write('every engine computed the same globals and prints in every case\n');
