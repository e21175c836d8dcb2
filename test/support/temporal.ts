import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findTemporalBinary } from '../../dev/temporal-binary';
import { startDevServer, type DevServer } from '../../dev/temporal-dev-server';
import { ensureSearchAttributes } from '../../temporal/search-attributes';
import { freePort } from './free-port';

export interface TestTemporal {
  server: DevServer;
  address: string;
  dbFile: string;
  connection: Connection;
  nativeConnection: NativeConnection;
  close(): Promise<void>;
}

export interface TestTemporalOptions {
  /** the server's SQLite pragmas; default BURST_SAFE_SQLITE_PRAGMAS (bench/load.ts compares others) */
  sqlitePragmas?: Record<string, string>;
}

/**
 * A real Temporal dev server for one test file, on its own port and SQLite file (so a test can kill and
 * restart it on the same state), with kube-ci's search attributes registered. `close()` kills it (SIGKILL: its
 * state is thrown away, and a graceful stop took 1.2 s of every file at load 18) and removes its folder.
 */
export async function startTestTemporal(options: TestTemporalOptions = {}): Promise<TestTemporal> {
  const binary = findTemporalBinary(process.env);
  const dbFile = join(mkdtempSync(join(tmpdir(), 'kube-ci-temporal-')), 'temporal.sqlite');
  const { sqlitePragmas } = options;
  const server = await startDevServer({
    binary,
    port: await freePort(),
    metricsPort: await freePort(),
    dbFile,
    ...(sqlitePragmas ? { sqlitePragmas } : {}),
  });
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  await ensureSearchAttributes(connection, 'default');
  return {
    server,
    address: server.address,
    dbFile,
    connection,
    nativeConnection,
    async close() {
      await nativeConnection.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
      await server.stop(true);
      rmSync(dirname(dbFile), { recursive: true, force: true });
    },
  };
}
