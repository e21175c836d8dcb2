import { spawn, type ChildProcess } from 'node:child_process';
import { onTestFinished } from 'vitest';
import { projectRoot } from '../../dev/temporal-binary';
import { environmentFor } from './process-environment';
import type { Stack } from './stack';

export interface ChildProcessHandle {
  child: ChildProcess;
  output: () => string;
  /** resolves when the process printed a line matching `pattern` */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Every child still running: killed when its test ends (passed, failed or timed out) and when this process exits. */
const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/**
 * Runs `worker/main.ts` or `api/main.ts` as a real process, as production does. The process never outlives its
 * test: a test that times out never reaches its own `finally`, and a worker left behind would go on polling the
 * fixed e2e task queue of a later server on a recycled port.
 */
export function startProcess(
  stack: Stack,
  entry: 'worker/main.ts' | 'api/main.ts',
  extra: Record<string, string> = {},
  /** the source tree to run (default: this one; the upgrade test runs a released one) */
  cwd = projectRoot,
): ChildProcessHandle {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd,
    env: environmentFor(stack, extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(output)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    child,
    output: () => output,
    waitForOutput(pattern, timeoutMs = 60_000) {
      if (pattern.test(output)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${entry} did not print ${pattern} in time:\n${output}`)),
          timeoutMs,
        );
        child.once('exit', (code) =>
          reject(new Error(`${entry} exited with ${code} before printing ${pattern}:\n${output}`)),
        );
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(signal);
      await exited;
    },
  };
}
