import type { ErrorKind, EvaluationError } from '../starlark-wasm/src/index';

/**
 * The engine's own trouble, not the script's: a worker crashed or was killed, or no worker could be had.
 * Evaluating again may succeed, so renderStarlark throws these and the activity is retried; every other
 * kind recurs on a retry and becomes the pipeline's error (a terminal check run).
 */
export const ENGINE_TROUBLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['crash', 'unavailable']);

/** Thrown by renderStarlark for an ENGINE_TROUBLE_KINDS failure; a plain (retryable) error for Temporal. */
export class StarlarkEngineFailure extends Error {
  readonly kind: ErrorKind;

  constructor(error: EvaluationError) {
    super(`the Starlark engine failed (${error.kind}), not the script: ${error.message}`);
    this.name = 'StarlarkEngineFailure';
    this.kind = error.kind;
  }
}

/**
 * The setting that raises the limit a failure of `kind` hit, as written in config/schema.ts (env var and
 * file key), so the check run tells an operator what to change. Kept in step with the schema by
 * test/pipeline/starlark-failure.test.ts.
 */
export const LIMIT_SETTINGS: Partial<Record<ErrorKind, { env: string; file: string }>> = {
  steps: { env: 'KUBECI_STARLARK_MAX_STEPS', file: 'starlark.maxSteps' },
  timeout: { env: 'KUBECI_STARLARK_TIMEOUT', file: 'starlark.timeout' },
  memory: { env: 'KUBECI_STARLARK_MAX_MEMORY', file: 'starlark.maxMemory' },
  'file-size': { env: 'KUBECI_STARLARK_MAX_FILE_SIZE', file: 'starlark.maxFileSize' },
};

/** ` (limit set by KUBECI_STARLARK_MAX_MEMORY / starlark.maxMemory)` for a limit failure, else ''. */
export function limitSettingNote(kind: ErrorKind): string {
  const setting = LIMIT_SETTINGS[kind];
  return setting ? ` (limit set by ${setting.env} / ${setting.file})` : '';
}
