import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, fstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../dev/temporal-binary';
import { environmentFor } from '../test/e2e/process-environment';
import type { Stack } from '../test/e2e/stack';
import { freePort } from '../test/support/free-port';

/** A kube-ci process the benchmark started (`worker/main.ts` or `api/main.ts`). */
export interface ServiceProcess {
  pid: number;
  /** the last 64 KiB of its stdout and stderr */
  output(): string;
  /** the file its stdout and stderr go to */
  logFile: string;
  /** SIGTERM, SIGKILL after 15 s; resolves once it exited */
  stop(): Promise<void>;
}

/** The worker process. */
export type WorkerProcess = ServiceProcess;

/** The API process: `url` is its base (`${url}/webhooks/github` takes GitHub's deliveries). */
export interface ApiProcess extends ServiceProcess {
  url: string;
}

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/** The last `bytes` of the file open at `fd`. */
function tail(fd: number, bytes = 65_536): string {
  const size = fstatSync(fd).size;
  const length = Math.min(size, bytes);
  const buffer = Buffer.alloc(length);
  readSync(fd, buffer, 0, length, size - length);
  return buffer.toString('utf8');
}

/**
 * Which code runs: the sources through tsx, bundling the workflow code with webpack at start (as the tests and
 * `npm run start:worker` do), or `npm run build`'s `dist/…/main.js` with its prebuilt bundle, as production runs
 * it (the image, the package): no TypeScript loader and no webpack in the process.
 */
export type WorkerCode = 'sources' | 'dist';

/**
 * Runs `entry` (under tsx, or its build in dist/) against the stack's Temporal and stand-ins (test/e2e/process-environment.ts) and
 * resolves once it printed `ready`; killed when this process exits, whatever happens. Its stdout and stderr
 * go straight into a file, not a pipe: pino writes synchronously, and a pipe that this (busy) process does
 * not drain in time would block the child's event loop on a full pipe, a stall production does not have.
 */
async function startServiceProcess(
  stack: Stack,
  entry: 'worker/main.ts' | 'api/main.ts',
  ready: string,
  extra: Record<string, string>,
  from: WorkerCode = 'sources',
): Promise<ServiceProcess> {
  const logFile = join(mkdtempSync(join(tmpdir(), 'kube-ci-bench-')), `${entry.split('/')[0]}.log`);
  const fd = openSync(logFile, 'a+');
  const args = from === 'dist' ? [`dist/${entry.replace(/\.ts$/, '.js')}`] : ['--import', 'tsx', entry];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: environmentFor(stack, extra),
    stdio: ['ignore', fd, fd],
  });
  live.add(child);
  let lastOutput = '';
  const output = () => (lastOutput = child.exitCode === null && child.signalCode === null ? tail(fd) : lastOutput);
  child.once('exit', () => {
    live.delete(child);
    lastOutput = tail(fd);
    closeSync(fd);
  });
  const running = new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (output().includes(ready)) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > 120_000) {
        clearInterval(poll);
        reject(new Error(`${entry} did not start in 120 s:\n${output()}`));
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`${entry} exited with ${code}:\n${lastOutput}`));
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
  return { pid: child.pid!, output, logFile, stop };
}

/**
 * `worker/main.ts` as its own process against the stack's Temporal and stand-ins, as production runs it, so
 * its memory and CPU are its own. Resolves once it logs "kube-ci worker running".
 */
export async function startWorkerProcess(
  stack: Stack,
  extra: Record<string, string>,
  from: WorkerCode = 'sources',
): Promise<WorkerProcess> {
  return await startServiceProcess(stack, 'worker/main.ts', 'kube-ci worker running', extra, from);
}

/**
 * `api/main.ts` as its own process on a free loopback port, as production runs it (its own event loop: its
 * acks do not wait behind a worker's or the stand-ins' work). Resolves once it logs "kube-ci api listening".
 */
export async function startApiProcess(stack: Stack, extra: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const api = await startServiceProcess(stack, 'api/main.ts', 'kube-ci api listening', {
    KUBECI_API_PORT: String(port),
    ...extra,
  });
  return { ...api, url: `http://127.0.0.1:${port}` };
}
