import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../dev/temporal-binary';
import { environmentFor } from '../test/e2e/process-environment';
import type { Stack } from '../test/e2e/stack';

export interface WorkerProcess {
  pid: number;
  /** the last 64 KiB of its stdout and stderr */
  output(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/**
 * Which worker runs: the sources through tsx, bundling the workflow code with webpack at start (as the tests and
 * `npm run start:worker` do), or `npm run build`'s `dist/worker/main.js` with its prebuilt bundle, as production
 * runs it (the image, the package): no TypeScript loader and no webpack in the process.
 */
export type WorkerCode = 'sources' | 'dist';

/**
 * The worker (`worker/main.ts`, or its build) as its own process against the stack's Temporal and stand-ins, as production runs it, so
 * its memory and CPU are its own. Resolves once it logs "kube-ci worker running"; killed when this process
 * exits, whatever happens.
 */
export async function startWorkerProcess(
  stack: Stack,
  extra: Record<string, string>,
  from: WorkerCode = 'sources',
): Promise<WorkerProcess> {
  const args = from === 'dist' ? ['dist/worker/main.js'] : ['--import', 'tsx', 'worker/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: environmentFor(stack, extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let output = '';
  const running = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-65_536);
      if (!output.includes('kube-ci worker running')) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const hard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(hard);
  };
  try {
    await running;
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid!, output: () => output, stop };
}
