import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';

export interface DevServerOptions {
  binary: string;
  port: number;
  uiPort?: number;
  /** SQLite file: the server's state survives a restart on the same file */
  dbFile: string;
  namespace?: string;
  /** show the Web UI (the playground does, tests do not) */
  ui?: boolean;
  /** SQLite pragmas; default {@link BURST_SAFE_SQLITE_PRAGMAS} */
  sqlitePragmas?: Record<string, string>;
  /** port of the server's Prometheus `/metrics` endpoint; default: a random one the server picks */
  metricsPort?: number;
  log?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  /** `http://127.0.0.1:<metricsPort>/metrics` when a metrics port was given */
  metricsUrl: string | undefined;
  /** the running server's process id (the benchmark reads its CPU time) */
  pid(): number | undefined;
  /** SIGKILL (hard = true) or SIGTERM the server and wait for it to exit */
  stop(hard?: boolean): Promise<void>;
  /** start again on the same port and database file */
  start(): Promise<void>;
}

/**
 * Write-ahead logging with `synchronous=normal`: the default rollback journal with `synchronous=full`
 * serialises every write behind an fsync, and under a burst the server's own deadlines expire (measured on
 * this 2-core machine: 15 of 1,000 webhooks at 100/s answered 503, `create-wf-execution … context canceled`
 * in its log; bare `workflow.start` p99 2.6 s, and 32 ms with these pragmas). What it risks: a killed
 * process loses nothing (WAL replays on open); a power cut or kernel crash may lose the last transactions
 * committed before it, never corrupting the file. `synchronous=full` (fsync at every commit, not only at
 * checkpoints) survives a power cut too. Measured against `full` (`npm run bench:sqlite`, `npm run bench:load
 * -- --sqlite-synchronous full`; bench/README.md) on this machine at load 13–37, the difference stayed inside
 * the noise: both saturated at 100 starts/s; at 20–50/s normal was ahead in 3 of 5 rounds. Normal is kept: what
 * it risks (a power cut's last transactions) does not matter to a development server, and an fsync per commit
 * is what a busy disk makes slow. The embedded server is for development and tests; a production Temporal
 * runs on its own database.
 */
export const BURST_SAFE_SQLITE_PRAGMAS: Readonly<Record<string, string>> = {
  journal_mode: 'wal',
  synchronous: 'normal',
};

/** The arguments of `temporal server start-dev` on loopback: headless unless a UI port is given. */
export function startDevArgs(options: {
  port: number;
  dbFile: string;
  namespace?: string;
  uiPort?: number | undefined;
  sqlitePragmas?: Record<string, string>;
  metricsPort?: number | undefined;
}): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port)];
  args.push('--db-filename', options.dbFile, '--namespace', options.namespace ?? 'default', '--log-level', 'error');
  for (const [pragma, value] of Object.entries(options.sqlitePragmas ?? BURST_SAFE_SQLITE_PRAGMAS))
    args.push('--sqlite-pragma', `${pragma}=${value}`);
  if (options.metricsPort) args.push('--metrics-port', String(options.metricsPort));
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  return args;
}

/** Starts `temporal server start-dev` and waits until it answers on its gRPC port. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  let child: ChildProcess | undefined;
  const address = `127.0.0.1:${options.port}`;
  mkdirSync(dirname(options.dbFile), { recursive: true });

  async function start(): Promise<void> {
    const args = startDevArgs({ ...options, ...(options.ui ? {} : { uiPort: undefined }) });
    child = spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (chunk: Buffer): void => options.log?.(chunk.toString());
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    await waitUntilServing(address, child);
  }

  async function stop(hard = false): Promise<void> {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolveExit) => running.once('exit', () => resolveExit()));
    running.kill(hard ? 'SIGKILL' : 'SIGTERM');
    await exited;
  }

  await start();
  return {
    address,
    uiUrl: options.ui && options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    metricsUrl: options.metricsPort ? `http://127.0.0.1:${options.metricsPort}/metrics` : undefined,
    pid: () => child?.pid,
    stop,
    start,
  };
}

/** Resolves once a Temporal server answers health checks on `address`; rejects if `child` exits first. */
export async function waitUntilServing(address: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.healthService.check({});
      await connection.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`temporal dev server on ${address} did not come up within ${timeoutMs} ms`);
}
