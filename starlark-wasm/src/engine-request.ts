import type { ErrorKind, EvaluateRequest, EvaluateResult, EvaluationError, JSONValue } from './types';

/**
 * The JSON shape cmd/engine decodes (engine.Request). The entry source is not in it: it crosses as a
 * string of its own (worker.mjs), so the engine need not unquote it from JSON.
 */
export interface EngineRequest {
  filename: string;
  predeclared: Record<string, JSONValue>;
  asStruct: string[];
  outputs: string[] | null;
  maxSteps: number;
  maxMemoryBytes: number;
  options: Required<NonNullable<EvaluateRequest['dialect']>>;
  builtins: string[] | null;
  goGlobals: string[];
  hasLoadFile: boolean;
  /** output caps; 0 = the engine's defaults (engine/output_caps.go) */
  maxPrintBytes: number;
  maxPrintLines: number;
  maxErrorBytes: number;
}

/** The JSON shape cmd/engine returns (engine.Response). */
export interface EngineResponse {
  ok: boolean;
  globals?: Record<string, JSONValue>;
  prints: string[];
  error?: EvaluationError;
  steps: number;
}

export function toEngineRequest(request: EvaluateRequest): EngineRequest {
  const dialect = request.dialect ?? {};
  return {
    filename: request.filename,
    predeclared: request.predeclared ?? {},
    asStruct: request.asStruct ?? [],
    outputs: request.outputs ?? null,
    maxSteps: request.limits.maxSteps,
    maxMemoryBytes: request.limits.maxMemoryBytes ?? 0,
    options: {
      set: dialect.set ?? false,
      while: dialect.while ?? false,
      topLevelControl: dialect.topLevelControl ?? false,
      globalReassign: dialect.globalReassign ?? false,
      loadBindsGlobally: dialect.loadBindsGlobally ?? false,
      recursion: dialect.recursion ?? false,
    },
    builtins: request.builtins ?? null,
    goGlobals: request.goGlobals ?? [],
    hasLoadFile: request.loadFile !== undefined,
    maxPrintBytes: request.outputLimits?.maxPrintBytes ?? 0,
    maxPrintLines: request.outputLimits?.maxPrintLines ?? 0,
    maxErrorBytes: request.outputLimits?.maxErrorBytes ?? 0,
  };
}

export function fromEngineResponse(response: EngineResponse): EvaluateResult {
  if (response.ok) {
    return { ok: true, globals: response.globals ?? {}, prints: response.prints, steps: response.steps };
  }
  const error = response.error ?? failure('crash', 'engine returned no error detail', '').error;
  return { ok: false, error, prints: response.prints };
}

/** A failure decided on the JavaScript side (timeout, crash, size), located at the file only. */
export function failure(kind: ErrorKind, message: string, file: string): Extract<EvaluateResult, { ok: false }> {
  return { ok: false, error: { kind, message, file, line: 0, column: 0, backtrace: message, stack: [] }, prints: [] };
}
