/**
 * A Starlark engine for Node: go.starlark.net compiled to WebAssembly, run in a
 * worker_threads pool with step, wall-clock, memory and file-size limits.
 * It knows nothing about where modules come from: the host's load/loadFile
 * callbacks resolve names. See ../README.md.
 */
export { createStarlarkPool } from './pool';
export type {
  BuiltinModuleName,
  DialectOptions,
  ErrorKind,
  EvaluateRequest,
  EvaluateResult,
  EvaluationError,
  EvaluationLimits,
  GoGlobalName,
  JSONValue,
  LoadedModule,
  OutputLimits,
  PoolEvent,
  StackFrame,
  StarlarkPool,
  StarlarkPoolOptions,
} from './types';
