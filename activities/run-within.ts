/**
 * Runs synchronous work with a wall-clock bound. Glob libraries (picomatch, minimatch) compile globs to
 * backtracking regular expressions: a glob like `*a*a*a*b` against a long path takes minutes and would block
 * the worker's event loop (no heartbeats, no other activities). Node's `vm` timeout terminates whatever
 * JavaScript runs meanwhile, the regex engine included (V8 checks for interrupts while backtracking), which no
 * glob library offers; measured: 10 stars against a 40-character path took 13 s unbounded, 200 ms bounded.
 */
import vm from 'node:vm';

/** `work()`'s value, or `timedOut` when it ran longer than `timeoutMs` (it was stopped). */
export function runWithin<T>(work: () => T, timeoutMs: number): { ok: true; value: T } | { ok: false; timedOut: true } {
  const context = vm.createContext({ work });
  try {
    return { ok: true, value: vm.runInContext('work()', context, { timeout: timeoutMs }) as T };
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { ok: false, timedOut: true };
    throw err;
  }
}
