import type {
  EvaluationError,
  EvaluationLimits,
  JSONValue,
  LoadedModule,
  StarlarkPool,
} from '../starlark-wasm/src/index';
import type { PipelineError } from '../domain/parse-pipeline-yaml';
import { ModuleUnavailable, type ModuleSources } from './module-sources';
import { ENGINE_TROUBLE_KINDS, StarlarkEngineFailure, limitSettingNote } from './starlark-failure';
import {
  formatModuleUrl,
  resolveModuleUrl,
  type ModuleAddress,
  type ModuleOrigin,
  type ResolveFor,
} from './module-url';
import { DEFAULT_GITHUB_REPOS, mayReadRepository, readRefusal } from './read-scope';
import { workflowFromValue, type WorkflowValue } from './workflow-from-value';

/** Defaults for every evaluation; config can override each (see config/schema.ts). */
export const DEFAULT_STARLARK_LIMITS: Required<EvaluationLimits> = {
  maxSteps: 100_000_000,
  timeoutMs: 30_000,
  maxMemoryBytes: 256 * 1024 * 1024,
  maxFileBytes: 4 * 1024 * 1024,
};

export interface RenderStarlarkInput {
  pool: StarlarkPool;
  /** the entry file inside the context, e.g. `ci.star` */
  entryFile: string;
  /** the context folder in the repository, e.g. `.kube-ci`: error locations are reported as repository paths */
  contextPath: string;
  origin: ModuleOrigin;
  /** the `input` struct (buildStarlarkInput) */
  input: Record<string, JSONValue>;
  sources: ModuleSources;
  limits: EvaluationLimits;
  /**
   * Repositories github:// loads and loadFile() may read besides the run's own (pipeline/read-scope.ts);
   * default DEFAULT_GITHUB_REPOS, every repository of the same owner. A refused read never reaches `sources`.
   */
  githubRepos?: readonly string[];
}

/** The rendered pipeline, with the `print()` output of the whole evaluation (G26). */
export type RenderStarlarkResult = WorkflowValue & { prints: string[] };

/**
 * Evaluates `ci.star` with kube-ci's environment (SPEC B §6 fixed per A2): `input`, `loadFile`, and `load`
 * of builtin:, context:, github:, https: and relative names. The engine caches modules and detects cycles
 * by the canonical URL this function returns as the module's filename. Throws only for infrastructure
 * failures: of a source (see ModuleUnavailable), or of the engine (StarlarkEngineFailure: a crashed or
 * killed worker, no worker to be had), so the activity retries; everything the script causes — its
 * errors and every limit it hits — is an `error`, which ends the run with a check run.
 */
export async function renderStarlark(options: RenderStarlarkInput): Promise<RenderStarlarkResult> {
  const { pool, entryFile, contextPath, origin, sources } = options;
  const githubRepos = options.githubRepos ?? DEFAULT_GITHUB_REPOS;
  const entryUrl = formatModuleUrl({ scheme: 'context', path: entryFile });
  const entryPath = `${contextPath}/${entryFile}`;
  const source = await sources.context(entryFile);
  if (source === null)
    return {
      kind: 'error',
      error: { message: `file ${entryFile} is not present in the CI context`, file: entryPath },
      prints: [],
    };

  let infrastructureFailure: unknown;
  const read = async (
    name: string,
    from: string,
    purpose: ResolveFor,
  ): Promise<{ url: string; address: ModuleAddress; text: string | null }> => {
    const resolved = resolveModuleUrl(name, from, origin, purpose);
    if (!resolved.ok) throw new Error(resolved.message);
    const { address, url } = resolved;
    if (address.scheme === 'builtin') return { url, address, text: null };
    if (address.scheme === 'github' && !mayReadRepository(address, origin, githubRepos))
      throw new Error(readRefusal(address, origin, githubRepos));
    try {
      return { url, address, text: await fetchAddress(sources, address) };
    } catch (err) {
      if (err instanceof ModuleUnavailable) throw new Error(`could not open ${url}, ${err.message}`);
      infrastructureFailure ??= err;
      throw new Error(`could not open ${url}, ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const result = await pool.evaluate({
    filename: entryUrl,
    source,
    predeclared: { input: options.input },
    asStruct: ['input'],
    load: async (name, from): Promise<LoadedModule> => {
      const { url, address, text } = await read(name, from, 'load');
      if (address.scheme === 'builtin') return { builtin: address.name };
      if (text === null) throw new Error(`could not open module ${url}, not found`);
      return { filename: url, source: text };
    },
    loadFile: async (name, from) => (await read(name, from, 'loadFile')).text,
    outputs: ['workflow'],
    builtins: ['encoding/json', 'encoding/yaml', 'math', 're', 'time'],
    limits: options.limits,
  });
  if (infrastructureFailure !== undefined) throw infrastructureFailure;
  if (!result.ok && ENGINE_TROUBLE_KINDS.has(result.error.kind)) throw new StarlarkEngineFailure(result.error);
  if (!result.ok)
    return { kind: 'error', error: locateError(result.error, contextPath, entryPath), prints: result.prints };
  return { ...workflowFromValue(result.globals['workflow'], entryPath, source), prints: result.prints };
}

async function fetchAddress(
  sources: ModuleSources,
  address: Exclude<ModuleAddress, { scheme: 'builtin' }>,
): Promise<string | null> {
  switch (address.scheme) {
    case 'context':
      return await sources.context(address.path);
    case 'github':
      return await sources.github(address);
    case 'https':
      return await sources.https(address.url);
  }
}

/**
 * Check-run annotations need a file of the repository. An error in a context module is annotated where
 * it is; one in a github:// or https:// module is annotated at the innermost context line that led to it
 * (usually its `load`), and the message names the module and position.
 */
export function locateError(error: EvaluationError, contextPath: string, entryPath: string): PipelineError {
  const repoPath = (url: string): string | undefined =>
    url.startsWith('context:///') ? `${contextPath}/${decodeURIComponent(url.slice('context:///'.length))}` : undefined;
  const message = `starlark execution failed, ${error.message}${limitSettingNote(error.kind)}`;
  const direct = repoPath(error.file);
  if (direct !== undefined) return { message, file: direct, ...position(error) };
  const frame = [...error.stack].reverse().find((f) => repoPath(f.file) !== undefined);
  const where = error.file ? ` (in ${error.file}${error.line ? `:${error.line}:${error.column}` : ''})` : '';
  if (frame) return { message: message + where, file: repoPath(frame.file)!, ...position(frame) };
  return { message: message + where, file: entryPath };
}

function position(p: { line: number; column: number }): { line?: number; column?: number } {
  return { ...(p.line > 0 ? { line: p.line } : {}), ...(p.column > 0 ? { column: p.column } : {}) };
}
