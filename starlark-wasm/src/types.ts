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
  /** Live Go heap bound, checked periodically while the script runs and once at the end. */
  maxMemoryBytes?: number;
  /** Bound on the entry source, every loaded source and every loadFile() result (UTF-8 bytes). */
  maxFileBytes?: number;
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
  /** Globals to return; any of them that cannot convert fails the evaluation. Omitted: every global that converts. */
  outputs?: string[];
  /** Builtin modules that exist for this evaluation. Default: all but 'starlarktest'. */
  builtins?: BuiltinModuleName[];
  goGlobals?: GoGlobalName[];
  dialect?: DialectOptions;
}

export type ErrorKind =
  'syntax' | 'runtime' | 'load' | 'steps' | 'timeout' | 'memory' | 'file-size' | 'conversion' | 'crash';

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
}

export interface StarlarkPool {
  evaluate(request: EvaluateRequest): Promise<EvaluateResult>;
  close(): Promise<void>;
}
