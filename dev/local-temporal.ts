import { Connection } from '@temporalio/client';
import { isPortFree } from './playground-settings';
import type { Supervisor } from './supervisor';
import { spawnNamed } from './named-child';
import { findTemporalBinary, projectRoot } from './temporal-binary';
import { startDevArgs, waitUntilServing } from './temporal-dev-server';

export interface LocalTemporal {
  address: string;
  /** undefined when a server that was already running has no Web UI on the expected port */
  uiUrl: string | undefined;
  /** the SQLite file, when the playground started the server */
  dbFile: string | undefined;
}

export interface LocalTemporalOptions {
  port: number;
  uiPort: number;
  dbFile: string;
  namespace: string;
  env: Record<string, string | undefined>;
}

/**
 * `temporal server start-dev` with its Web UI and SQLite history. A Temporal server already answering on
 * the port (a Temporal user's own dev server) is used instead of failing on the busy port.
 */
export async function startLocalTemporal(
  supervisor: Supervisor,
  options: LocalTemporalOptions,
): Promise<LocalTemporal> {
  const address = `127.0.0.1:${options.port}`;
  const uiUrl = `http://localhost:${options.uiPort}`;
  if (!(await isPortFree(options.port))) {
    if (!(await answersAsTemporal(address))) {
      throw new Error(`port ${options.port} is in use by something that is not Temporal: set KUBECI_DEV_TEMPORAL_PORT`);
    }
    supervisor.say(`a Temporal server already answers on ${address}: using it`);
    return { address, uiUrl: (await isPortFree(options.uiPort)) ? undefined : uiUrl, dbFile: undefined };
  }
  if (!(await isPortFree(options.uiPort))) {
    throw new Error(`port ${options.uiPort} (Temporal Web UI) is in use: set KUBECI_DEV_UI_PORT`);
  }
  supervisor.say(`starting the Temporal dev server on ${address}, Web UI on ${options.uiPort}`);
  const args = startDevArgs(options);
  const onLine = (line: string): void => supervisor.print('temporal', line);
  const command = findTemporalBinary(options.env);
  const temporal = supervisor.adopt(
    spawnNamed({ name: 'temporal', command, args, cwd: projectRoot, env: options.env, onLine }),
  );
  await waitUntilServing(address, temporal.process);
  return { address, uiUrl, dbFile: options.dbFile };
}

async function answersAsTemporal(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 2000 });
    try {
      await connection.healthService.check({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}
