/** Where module and file texts come from. Implemented by the worker (activities/starlark/) and the CLI. */
export interface ModuleSources {
  /** a file of the CI context at the commit, path relative to the context folder; null = not there */
  context(path: string): Promise<string | null>;
  /** a file of a GitHub repository; `ref` '' = default branch; null = not found */
  github(target: { owner: string; repo: string; path: string; ref: string }): Promise<string | null>;
  /** an https file, already resolved; null = 404 */
  https(url: string): Promise<string | null>;
}

/**
 * A module that cannot be read for a reason the script's author must fix (host not allowed, too big,
 * HTTP 403, no token for github:// in the CLI). It fails the evaluation at the `load`/`loadFile` call.
 * Anything else a source throws is an infrastructure failure: the evaluation is abandoned and the error
 * rethrown, so the activity's retry policy handles it instead of a red check run.
 */
export class ModuleUnavailable extends Error {
  override name = 'ModuleUnavailable';
}
