/** Decisions of `npm run dev` that depend only on the environment: kept pure so they are tested directly. */
import { createServer } from 'node:net';

export type PlaygroundMode = 'configured' | 'stand-ins';

/** A real GitHub App and cluster are configured: serve them; anything less gets the local stand-ins. */
export function playgroundMode(env: Record<string, string | undefined>): PlaygroundMode {
  const appId = env['KUBECI_GITHUB_APP_ID']?.trim() ?? '';
  const appIdSet = appId !== '' && Number(appId) !== 0;
  return appIdSet && (env['KUBECI_KUBECONFIG'] ?? '') !== '' ? 'configured' : 'stand-ins';
}

/**
 * The environment the stand-in worker and API inherit: the user's kube-ci and Temporal settings are left
 * out (a half-configured App must not mix with the stand-ins); everything else (PATH, HOME, proxies) stays.
 * Returns the names it left out so the playground can say so.
 */
export function standInBaseEnv(env: Record<string, string | undefined>): {
  env: Record<string, string | undefined>;
  ignored: string[];
} {
  const kept: Record<string, string | undefined> = {};
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    const kubeCiSetting =
      /^(KUBECI_|TEMPORAL_)/.test(name) && !name.startsWith('KUBECI_DEV_') && name !== 'TEMPORAL_CLI_PATH';
    if (kubeCiSetting && name !== 'KUBECI_LOG_LEVEL') {
      if (value) ignored.push(name);
    } else {
      kept[name] = value;
    }
  }
  return { env: kept, ignored: ignored.sort() };
}

/** `KUBECI_DEV_<name>` as a port, else `fallback`; a bad value is an error naming the variable. */
export function devPort(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[`KUBECI_DEV_${name}`];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`KUBECI_DEV_${name}=${raw} is not a port (1-65535)`);
  return port;
}

/** The dev server the playground may start serves `address` only if that is this machine on `port`. */
export function isLocalAddress(address: string, port: number): boolean {
  const match = /^(127\.0\.0\.1|localhost|\[::1\]):(\d+)$/.exec(address);
  return match !== null && Number(match[2]) === port;
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port the system just handed out, for when the preferred one is taken. */
export function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
