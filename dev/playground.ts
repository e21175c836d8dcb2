/**
 * `npm run dev`: the Temporal dev server (with its Web UI, history kept in SQLite), the worker and the API
 * in one terminal. With a GitHub App and a cluster configured it serves them; otherwise it also starts the
 * GitHub and Kubernetes + Argo stand-ins the tests use and prints how to send a sample run.
 *
 * Overrides for running several at once (tests): KUBECI_DEV_TEMPORAL_PORT, KUBECI_DEV_UI_PORT,
 * KUBECI_DEV_API_PORT, KUBECI_DEV_DATA_DIR, KUBECI_DEV_STEP_DELAY_MS (the Argo simulator's pace).
 */
import { join, resolve } from 'node:path';
import { loadConfig, type Config } from '../config';
import { configuredBanner, standInBanner } from './banner';
import { humanLogLine, pinoMessage } from './log-lines';
import { describeExit, spawnNamed, type NamedChild } from './named-child';
import {
  anyFreePort,
  devPort,
  isLocalAddress,
  isPortFree,
  playgroundMode,
  standInBaseEnv,
} from './playground-settings';
import { dataDirFrom, removePlaygroundState, writePlaygroundState } from './playground-state';
import { standInAppId, standInWebhookSecret, startStandIns, type StandIns } from './stand-ins';
import { findTemporalBinary, projectRoot } from './temporal-binary';
import { waitUntilServing } from './temporal-dev-server';

const env = process.env;
const mode = playgroundMode(env);
const dataDir = resolve(dataDirFrom(env));
const children: NamedChild[] = [];
let stopping = false;

const print = (name: string, text: string): void => {
  for (const line of text.split('\n')) process.stdout.write(`${name.padEnd(10)}│ ${line}\n`);
};
const say = (line: string): void => print('playground', line);

/** Stops the processes that talk to Temporal first, then Temporal, then the stand-ins they call. */
async function shutdown(exitCode: number): Promise<void> {
  // Ctrl-C under `npm run dev` arrives twice (from the terminal and relayed by tsx): the first one counts.
  if (stopping) return;
  stopping = true;
  say('stopping…');
  const stopNamed = (names: string[]) =>
    Promise.all(children.filter((c) => names.includes(c.name)).map((c) => c.stop(15_000)));
  await stopNamed(['api', 'worker']);
  await stopNamed(['temporal']);
  await stopNamed(['github', 'kube']);
  if (mode === 'stand-ins') removePlaygroundState(dataDir);
  say('stopped');
  process.exit(exitCode);
}

function adopt(child: NamedChild): NamedChild {
  children.push(child);
  say(`started ${child.name} (pid ${child.pid})`);
  void child.exited.then(({ code, signal }) => {
    if (stopping) return;
    say(`${child.name} exited unexpectedly (${describeExit(code, signal)}): stopping the playground`);
    void shutdown(1);
  });
  return child;
}

function startNode(name: 'worker' | 'api', entry: string, childEnv: Record<string, string | undefined>): NamedChild {
  return adopt(
    spawnNamed({
      name,
      command: process.execPath,
      args: ['--import', 'tsx', entry],
      cwd: projectRoot,
      env: childEnv,
      onLine: (line) => print(name, humanLogLine(line)),
    }),
  );
}

/** The settings the children will see, read through config/ like theirs (secrets are placeholders here). */
function configFor(childEnv: Record<string, string | undefined>): Config {
  const loaded = loadConfig({
    env: { KUBECI_GITHUB_APP_ID: String(standInAppId), KUBECI_WEBHOOK_SECRET: standInWebhookSecret, ...childEnv },
    role: 'api',
  });
  if (!loaded.ok) throw new Error(`configuration problems:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}`);
  return loaded.config;
}

async function startTemporal(port: number, uiPort: number, dbFile: string, namespace: string): Promise<void> {
  for (const taken of [port, uiPort]) {
    if (!(await isPortFree(taken)))
      throw new Error(
        `port ${taken} is in use (another npm run dev?): stop it, or set KUBECI_DEV_TEMPORAL_PORT / KUBECI_DEV_UI_PORT`,
      );
  }
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort)];
  args.push('--db-filename', dbFile, '--namespace', namespace, '--log-level', 'error');
  const temporal = adopt(
    spawnNamed({
      name: 'temporal',
      command: findTemporalBinary(env),
      args,
      cwd: projectRoot,
      env,
      onLine: (line) => print('temporal', line),
    }),
  );
  await waitUntilServing(`127.0.0.1:${port}`, temporal.process);
}

/** Both are up once the API listens and the worker polls its task queue (after bundling the workflows). */
async function startWorkerAndApi(childEnv: Record<string, string | undefined>): Promise<void> {
  const worker = startNode('worker', 'worker/main.ts', childEnv);
  const api = startNode('api', 'api/main.ts', childEnv);
  await Promise.all([
    worker.waitForLine((line) => pinoMessage(line) === 'kube-ci worker running', 180_000),
    api.waitForLine((line) => pinoMessage(line) === 'kube-ci api listening', 60_000),
  ]);
}

async function runWithStandIns(): Promise<void> {
  const base = standInBaseEnv(env);
  if (base.ignored.length > 0) say(`ignoring ${base.ignored.join(', ')}: the stand-ins need their own settings`);
  const temporalConfig = { KUBECI_TEMPORAL_CONFIG: join(projectRoot, 'temporal.yaml') };
  const { devServer, namespace } = configFor({ ...base.env, ...temporalConfig }).temporal;
  const port = devPort(env, 'TEMPORAL_PORT', devServer.port);
  const uiPort = devPort(env, 'UI_PORT', devServer.uiPort);
  let apiPort = devPort(env, 'API_PORT', 8080);
  if (env['KUBECI_DEV_API_PORT'] === undefined && !(await isPortFree(apiPort))) {
    const preferred = apiPort;
    apiPort = await anyFreePort();
    say(`port ${preferred} is in use: the API listens on ${apiPort} instead`);
  }
  const dbFile = env['KUBECI_DEV_DATA_DIR'] ? join(dataDir, 'temporal.sqlite') : resolve(projectRoot, devServer.dbFile);

  say('starting the STAND-INS for GitHub and Kubernetes + Argo (local fakes; no GitHub App or cluster configured)');
  const standIns: StandIns = await startStandIns({
    dataDir,
    stepDelayMs: Number(env['KUBECI_DEV_STEP_DELAY_MS'] ?? 1000),
    onLine: print,
  });
  adopt(standIns.github);
  adopt(standIns.kube);
  say(`starting the Temporal dev server on 127.0.0.1:${port}, Web UI on ${uiPort}`);
  await startTemporal(port, uiPort, dbFile, namespace);
  const temporalAddress = `127.0.0.1:${port}`;
  const temporalUiUrl = `http://localhost:${uiPort}`;
  say('starting the worker and the API');
  const childEnv = {
    ...base.env,
    ...temporalConfig,
    ...standIns.kubeCiEnv,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_UI_BASE: temporalUiUrl,
    KUBECI_API_PORT: String(apiPort),
  };
  configFor(childEnv); // the same check the children make, reported here once instead of twice
  await startWorkerAndApi(childEnv);

  const apiUrl = `http://localhost:${apiPort}`;
  const pids = Object.fromEntries(children.map((c) => [c.name, c.pid]));
  writePlaygroundState(dataDir, {
    apiUrl,
    githubUrl: standIns.githubUrl,
    webhookSecret: standInWebhookSecret,
    temporalAddress,
    temporalUiUrl,
    temporalNamespace: namespace,
    pids,
  });
  const info = { temporalUiUrl, temporalAddress, dbFile, webhookUrl: `${apiUrl}/webhooks/github` };
  process.stdout.write(
    `${standInBanner({ ...info, githubUrl: standIns.githubUrl, kubeUrl: standIns.kubeUrl, appId: standInAppId, dataDir })}\n`,
  );
}

async function runConfigured(): Promise<void> {
  const loaded = loadConfig({ env, argv: process.argv.slice(2), role: 'all' });
  if (!loaded.ok) throw new Error(`configuration problems:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}`);
  const { temporal, api } = loaded.config;
  const port = devPort(env, 'TEMPORAL_PORT', temporal.devServer.port);
  // Only a Temporal address on this machine gets a dev server; a cluster or Temporal Cloud is used as it is.
  const startsTemporal = isLocalAddress(temporal.address, port) && temporal.apiKey === '' && temporal.tls === undefined;
  const uiPort = devPort(env, 'UI_PORT', temporal.devServer.uiPort);
  const dbFile = env['KUBECI_DEV_DATA_DIR']
    ? join(dataDir, 'temporal.sqlite')
    : resolve(projectRoot, temporal.devServer.dbFile);
  if (startsTemporal) {
    say(`starting the Temporal dev server on 127.0.0.1:${port}, Web UI on ${uiPort}`);
    await startTemporal(port, uiPort, dbFile, temporal.namespace);
  } else {
    say(`using the Temporal server at ${temporal.address}`);
  }
  const apiPort = devPort(env, 'API_PORT', api.port);
  say(`starting the worker and the API for GitHub App ${loaded.config.github.appId}`);
  await startWorkerAndApi({ ...env, KUBECI_API_PORT: String(apiPort) });
  const info = {
    temporalUiUrl: startsTemporal ? `http://localhost:${uiPort}` : undefined,
    temporalAddress: temporal.address,
    dbFile: startsTemporal ? dbFile : undefined,
    webhookUrl: `http://localhost:${apiPort}/webhooks/github`,
  };
  process.stdout.write(`${configuredBanner({ ...info, appId: loaded.config.github.appId })}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
// Last resort if the playground itself dies: no child outlives it.
process.on('exit', () => children.forEach((child) => child.isRunning() && child.process.kill('SIGKILL')));

try {
  await (mode === 'configured' ? runConfigured() : runWithStandIns());
} catch (error) {
  if (!stopping) {
    say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}
