import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TemporalConnectionSettings } from '../config';

/** Connection options shared by the client and the worker connection (TLS, API key). */
export function connectionOptions(settings: TemporalConnectionSettings) {
  return {
    address: settings.address,
    ...(settings.tls ? { tls: settings.tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}

export async function connectClient(settings: TemporalConnectionSettings): Promise<Connection> {
  return await Connection.connect(connectionOptions(settings));
}

export async function connectWorker(settings: TemporalConnectionSettings): Promise<NativeConnection> {
  return await NativeConnection.connect(connectionOptions(settings));
}
