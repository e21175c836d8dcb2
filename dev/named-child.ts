import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface NamedChild {
  name: string;
  process: ChildProcess;
  pid: number;
  /** resolves with the first output line `match` accepts; rejects if the child exits first or time runs out */
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** resolves when the child has exited (for whatever reason) */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone */
  stop(graceMs: number): Promise<void>;
}

export interface SpawnNamedOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** every line the child writes to stdout or stderr */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
}

/**
 * A child process in its own process group, so a Ctrl-C in the terminal reaches only the playground,
 * which then stops the children in order (API and worker before the Temporal server they talk to).
 */
export function spawnNamed(options: SpawnNamedOptions): NamedChild {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start ${options.name}: ${options.command}`);
  const listeners = new Set<(line: string) => void>();
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[stream]! }).on('line', (line) => {
      options.onLine(line, stream);
      for (const listener of [...listeners]) listener(line);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null;

  return {
    name: options.name,
    process: child,
    pid: child.pid,
    exited,
    isRunning,
    waitForLine(match, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = (finish: () => void): void => {
          clearTimeout(timer);
          listeners.delete(listener);
          finish();
        };
        const listener = (line: string): void => {
          if (match(line)) done(() => resolve(line));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`${options.name} was not ready within ${timeoutMs / 1000} s`))),
          timeoutMs,
        );
        listeners.add(listener);
        void exited.then(({ code, signal }) =>
          done(() => reject(new Error(`${options.name} exited (${describeExit(code, signal)}) while starting`))),
        );
      });
    },
    async stop(graceMs) {
      if (!isRunning()) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}
