// The engines the benchmark compares: this checkout's wasm build, optionally the wasm build of an earlier
// commit (extracted with `git archive` and built from its own sources, TypeScript side included, so a
// change to either side shows), and the same Go engine package built natively.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as starlarkWasm from '../src/index';
import type { EvaluateRequest, EvaluateResult, LoadedModule, StarlarkPool } from '../src/index';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const maxSteps = 100_000_000;

/** What an engine computed, as JSON text: every engine must produce the same. */
export interface Computed {
  globals: string;
  prints: string;
}

/** One commit's engine: its wasm build and the same Go package built natively. */
export interface Engines {
  label: string;
  createPool: () => Promise<StarlarkPool>;
  native: NativeEngine;
}

export function request(files: Record<string, string>, outputs: string[]): EvaluateRequest {
  return {
    filename: 'ci.star',
    source: files['ci.star'] ?? '',
    load: async (module: string, from: string): Promise<LoadedModule> => {
      if (module.startsWith('builtin:///')) return { builtin: module.slice(11) as never };
      const filename = posix.join(posix.dirname(from), module);
      return { filename, source: files[filename] ?? '' };
    },
    outputs,
    limits: { maxSteps, timeoutMs: 60_000 },
  };
}

export function computed(result: EvaluateResult): Computed {
  if (!result.ok) throw new Error(result.error.backtrace);
  return { globals: JSON.stringify(result.globals), prints: JSON.stringify(result.prints) };
}

/** This checkout's engine, built now. */
export async function currentEngines(): Promise<Engines> {
  execFileSync('bash', [join(packageDir, 'build.sh')], { stdio: 'inherit' });
  const { createStarlarkPool } = await import('../src/index');
  return { label: '', createPool: () => createStarlarkPool({ size: 1 }), native: new NativeEngine(packageDir) };
}

/** The engine as it was at `rev`: its starlark-wasm/ folder extracted and built in a temporary folder. */
export async function enginesAt(rev: string): Promise<Engines> {
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: packageDir }).toString().trim();
  const commit = execFileSync('git', ['rev-parse', '--short', rev], { cwd: root }).toString().trim();
  const dir = mkdtempSync(join(tmpdir(), 'starlark-baseline-'));
  const archive = execFileSync('git', ['archive', '--format=tar', commit, 'starlark-wasm'], {
    cwd: root,
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  const baseDir = join(dir, 'starlark-wasm');
  execFileSync('bash', [join(baseDir, 'build.sh')], { stdio: 'inherit' });
  const module = (await import(pathToFileURL(join(baseDir, 'src', 'index.ts')).href)) as typeof starlarkWasm;
  const createPool = () => module.createStarlarkPool({ size: 1 });
  return { label: ` @${commit}`, createPool, native: new NativeEngine(baseDir) };
}

/** The engine package built natively (cmd/native-bench), run on the scripts written to a folder. */
export class NativeEngine {
  private readonly binary: string;
  private readonly dirs = new Map<Record<string, string>, string>();
  private reports: boolean | undefined;

  constructor(dir: string) {
    this.binary = join(mkdtempSync(join(tmpdir(), 'native-bench-')), 'native-bench');
    execFileSync('go', ['build', '-o', this.binary, './cmd/native-bench'], {
      cwd: dir,
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    });
  }

  /**
   * Runs `n` evaluations in one process; the samples of all but the first (cold) one, and what the last
   * computed (native-bench of an older commit may not report it, nor take -outputs: then every global).
   */
  run(files: Record<string, string>, outputs: string[], n: number): { samplesMs: number[]; computed?: Computed } {
    const args = ['-dir', this.dir(files), '-n', String(n + 1), '-max-steps', String(maxSteps)];
    if (this.reportsResult) args.push('-outputs', outputs.join(','));
    const out = execFileSync(this.binary, args, { maxBuffer: 1 << 28 });
    const parsed = JSON.parse(out.toString()) as { samplesMs: number[]; globals?: unknown; prints?: unknown };
    const samplesMs = parsed.samplesMs.slice(1);
    if (parsed.globals === undefined) return { samplesMs };
    return { samplesMs, computed: { globals: JSON.stringify(parsed.globals), prints: JSON.stringify(parsed.prints) } };
  }

  private get reportsResult(): boolean {
    return (this.reports ??= spawnSync(this.binary, ['-h'], { encoding: 'utf8' }).stderr.includes('-outputs'));
  }

  /** Process start and one evaluation. */
  coldMs(files: Record<string, string>, outputs: string[]): number {
    const started = performance.now();
    this.run(files, outputs, 0);
    return performance.now() - started;
  }

  private dir(files: Record<string, string>): string {
    let dir = this.dirs.get(files);
    if (!dir) {
      dir = mkdtempSync(join(tmpdir(), 'starlark-bench-'));
      for (const [name, source] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), source);
      }
      this.dirs.set(files, dir);
    }
    return dir;
  }
}
