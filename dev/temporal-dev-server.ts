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
  log?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  /** SIGKILL (hard = true) or SIGTERM the server and wait for it to exit */
  stop(hard?: boolean): Promise<void>;
  /** start again on the same port and database file */
  start(): Promise<void>;
}

/** Starts `temporal server start-dev` and waits until it answers on its gRPC port. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  let child: ChildProcess | undefined;
  const address = `127.0.0.1:${options.port}`;
  mkdirSync(dirname(options.dbFile), { recursive: true });

  async function start(): Promise<void> {
    const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port)];
    args.push('--db-filename', options.dbFile, '--namespace', options.namespace ?? 'default', '--log-level', 'error');
    if (options.ui && options.uiPort) args.push('--ui-port', String(options.uiPort));
    else args.push('--headless');
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
