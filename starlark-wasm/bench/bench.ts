// Benchmark: cold start and warm p50/p99 of representative ci.star scripts in
// the wasm engine, against the same engine package built natively from the
// same go.starlark.net version. Run: npx tsx starlark-wasm/bench/bench.ts [runs]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStarlarkPool, type EvaluateRequest, type LoadedModule } from '../src/index';
import { cpuBoundFiles, pipelineFiles } from './scripts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 200);
const maxSteps = 100_000_000;

interface Stats {
  coldMs: number;
  p50: number;
  p99: number;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function writeScripts(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'starlark-bench-'));
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), source);
  }
  return dir;
}

function request(files: Record<string, string>): EvaluateRequest {
  return {
    filename: 'ci.star',
    source: files['ci.star'] ?? '',
    load: async (module: string, from: string): Promise<LoadedModule> => {
      if (module.startsWith('builtin:///')) return { builtin: module.slice(11) as never };
      const filename = posix.join(posix.dirname(from), module);
      return { filename, source: files[filename] ?? '' };
    },
    outputs: ['workflow', 'primes', 'histogram'],
    limits: { maxSteps, timeoutMs: 30_000 },
  };
}

async function wasmStats(files: Record<string, string>): Promise<Stats> {
  const started = performance.now();
  const pool = await createStarlarkPool({ size: 1 });
  const first = await pool.evaluate(request(files));
  const coldMs = performance.now() - started;
  if (!first.ok) throw new Error(first.error.backtrace);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await pool.evaluate(request(files));
    samples.push(performance.now() - t);
  }
  await pool.close();
  return { coldMs, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function nativeStats(binary: string, files: Record<string, string>): Stats {
  const dir = writeScripts(files);
  const started = performance.now();
  execFileSync(binary, ['-dir', dir, '-n', '1', '-max-steps', String(maxSteps)]);
  const coldMs = performance.now() - started; // process start + one evaluation
  const out = execFileSync(binary, ['-dir', dir, '-n', String(runs + 1), '-max-steps', String(maxSteps)]).toString();
  const samples = (JSON.parse(out) as { samplesMs: number[] }).samplesMs.slice(1);
  return { coldMs, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function buildNative(): string {
  const binary = join(mkdtempSync(join(tmpdir(), 'native-bench-')), 'native-bench');
  execFileSync('go', ['build', '-o', binary, './cmd/native-bench'], {
    cwd: packageDir,
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  return binary;
}

const fmt = (ms: number): string => ms.toFixed(2).padStart(9);
execFileSync('bash', [join(packageDir, 'build.sh')], { stdio: 'inherit' });
const native = buildNative();
const cases = [
  { name: '300-line ci.star, 3 loads', files: pipelineFiles(), target: 'warm p50 ≤ 20 ms' },
  { name: 'CPU-bound (sieve + dict)', files: cpuBoundFiles(), target: 'warm p50 ≤ 10× native' },
];
process.stdout.write(`runs per case: ${runs}\n\n`);
process.stdout.write(
  '| script | engine | cold ms | warm p50 ms | warm p99 ms | wasm/native p50 | target |\n|---|---|---|---|---|---|---|\n',
);
for (const c of cases) {
  const w = await wasmStats(c.files);
  const n = nativeStats(native, c.files);
  const ratio = (w.p50 / n.p50).toFixed(1);
  process.stdout.write(
    `| ${c.name} | wasm | ${fmt(w.coldMs)} | ${fmt(w.p50)} | ${fmt(w.p99)} | ${ratio}× | ${c.target} |\n`,
  );
  process.stdout.write(`| ${c.name} | native | ${fmt(n.coldMs)} | ${fmt(n.p50)} | ${fmt(n.p99)} | 1× | |\n`);
}
