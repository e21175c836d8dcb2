import type { Worker } from 'node:worker_threads';

/** Any value that survives JSON.stringify/JSON.parse unchanged. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

/** What the host's load() answers: a source file, or a module built into the engine. */
export type LoadedModule = { filename: string; source: string } | { builtin: BuiltinModuleName };

/** Modules implemented in Go inside the engine. */
export type BuiltinModuleName =
  'encoding/json' | 'math' | 'time' | 're' | 'encoding/yaml' | 'lib/json' | 'lib/math' | 'lib/time' | 'starlarktest';

/** Go-implemented values a host may predeclare (hasfields/fibonacci are go.starlark.net test fixtures). */
export type GoGlobalName = 'struct' | 'module' | 'hasfields' | 'fibonacci';

export interface EvaluationLimits {
  /** Starlark execution steps for the whole evaluation, loaded modules included. */
  maxSteps: number;
  /** Wall-clock bound; the worker is terminated when it passes. Host callbacks count. */
  timeoutMs: number;
  /**
   * Live Go heap bound, checked every 200k steps and once at the end. Whatever one step allocates is
   * bounded by the pool's `maxMemoryBytes` (the WebAssembly memory cap), whichever is smaller.
   */
  maxMemoryBytes?: number;
  /** Bound on the entry source, every loaded source and every loadFile() result (UTF-8 bytes). */
  maxFileBytes?: number;
}

/**
 * Bounds on what an evaluation returns besides its globals, always applied (these are the defaults):
 * output past them is cut with a note, it never fails the evaluation.
 */
export interface OutputLimits {
  /** print() output kept (UTF-8 bytes, one newline per line counted). Default 65536. */
  maxPrintBytes?: number;
  /** print() lines kept. Default 1000. The dropped lines are counted in a last note line. */
  maxPrintLines?: number;
  /** An error's message (UTF-8 bytes; the backtrace may have four times it, the stack 100 frames). Default 4096. */
  maxErrorBytes?: number;
}

/** go.starlark.net dialect switches (syntax.FileOptions). All default to off. */
export interface DialectOptions {
  set?: boolean;
  while?: boolean;
  topLevelControl?: boolean;
  globalReassign?: boolean;
  loadBindsGlobally?: boolean;
  recursion?: boolean;
}

export interface EvaluateRequest {
  filename: string;
  source: string;
  /** Predeclared globals, visible to the entry file and every loaded module. */
  predeclared?: Record<string, JSONValue>;
  /** Names in `predeclared` exposed as structs (input.ref) rather than dicts. */
  asStruct?: string[];
  /**
   * Receives the module string exactly as written and the resolved filename of the
   * module that loads it. The returned filename names the module in errors and
   * keys the per-evaluation cache and cycle detection.
   */
  load?: (module: string, fromModule: string) => Promise<LoadedModule>;
  /** When given, scripts get loadFile(name, error_on_notfound=True). Return null for "not found". */
  loadFile?: (name: string, fromModule: string) => Promise<string | null>;
  limits: EvaluationLimits;
  outputLimits?: OutputLimits;
  /** Globals to return; any of them that cannot convert fails the evaluation. Omitted: every global that converts. */
  outputs?: string[];
  /** Builtin modules that exist for this evaluation. Default: all but 'starlarktest'. */
  builtins?: BuiltinModuleName[];
  goGlobals?: GoGlobalName[];
  dialect?: DialectOptions;
}

/**
 * Why an evaluation failed. `crash` and `unavailable` are the engine's own trouble (transient: evaluating
 * again may succeed); every other kind is caused by the script or its inputs and recurs on a retry.
 */
export type ErrorKind =
  'syntax' | 'runtime' | 'load' | 'steps' | 'timeout' | 'memory' | 'file-size' | 'conversion' | 'crash' | 'unavailable';

export interface StackFrame {
  name: string;
  file: string;
  line: number;
  column: number;
}

export interface EvaluationError {
  kind: ErrorKind;
  message: string;
  /** Where to annotate: the innermost user-code position (0 when unknown). */
  file: string;
  line: number;
  column: number;
  backtrace: string;
  /** Call stack, outermost first; loads appear as frames of the loading module. */
  stack: StackFrame[];
}

export type EvaluateResult =
  | { ok: true; globals: Record<string, JSONValue>; prints: string[]; steps: number }
  | { ok: false; error: EvaluationError; prints: string[] };

export interface StarlarkPoolOptions {
  /** Workers, each with one warm wasm instance. Default 2. */
  size?: number;
  /** Default: starlark-wasm/build/starlark.wasm (wasm_exec.js is expected next to it). */
  wasmPath?: string;
  /** V8 old-generation limit per worker (MB); exceeding it fails the evaluation with 'memory'. Default 512. */
  workerHeapMb?: number;
  /**
   * Stack per worker (MB). Go on wasm runs Starlark calls on the engine's native stack, so this bounds
   * call depth; a deeper script fails with kind 'crash' (RangeError) and the instance is replaced. Default 256.
   */
  stackSizeMb?: number;
  /** A worker whose wasm memory grew past this (MB) is replaced after its evaluation (wasm memory never shrinks). Default 512. */
  recycleAboveMb?: number;
  /**
   * The live-data limit the instances are sized for (default 256 MiB). Each instance's WebAssembly memory
   * is capped at its static data + this + half of this + 64 MiB of headroom for the Go runtime
   * (garbage, fragmentation, stacks), at most 4 GiB; past the cap the evaluation fails with `memory` and
   * the instance is replaced. See `wasmMemoryCap`.
   */
  maxMemoryBytes?: number;
  /** An evaluation that no worker takes within this fails with `unavailable` (transient). Default 60 000. */
  queueTimeoutMs?: number;
  /** A worker that has not booted within this counts as failing to start. Default 30 000. */
  bootTimeoutMs?: number;
  /** What the pool does with its workers, for logs and diagnostics. Must not throw. */
  onEvent?: (event: PoolEvent) => void;
}

/** A worker thread started, was replaced, or could not be started (then the pool retries after `retryInMs`). */
export type PoolEvent =
  | { type: 'worker-started'; threadId: number; worker: Worker }
  | { type: 'worker-retired'; threadId: number; reason: string }
  | { type: 'spawn-failed'; error: string; consecutiveFailures: number; retryInMs: number };

export interface StarlarkPool {
  evaluate(request: EvaluateRequest): Promise<EvaluateResult>;
  close(): Promise<void>;
}
