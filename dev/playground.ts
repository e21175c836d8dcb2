/**
 * `npm run dev`: the Temporal dev server (with its Web UI, history kept in SQLite), the worker and the API
 * in one terminal. With a GitHub App and a cluster configured it serves them; otherwise it also starts the
 * GitHub and Kubernetes + Argo stand-ins the tests use and prints how to send a sample run.
 *
 * Overrides for running several at once (tests): KUBECI_DEV_TEMPORAL_PORT, KUBECI_DEV_UI_PORT,
 * KUBECI_DEV_API_PORT, KUBECI_DEV_DATA_DIR, KUBECI_DEV_STEP_DELAY_MS (the Argo simulator's pace).
 * KUBECI_DEV_DIST=<folder>: the worker and the API run from a build (`npm run build`'s dist/, or an installed
 * package's) as plain `node <folder>/worker/main.js`, no TypeScript loader: `npm run dev:dist`.
 */
import { join, resolve } from 'node:path';
import { loadConfig, type Config } from '../config';
import { configuredBanner, standInBanner } from './banner';
import { startLocalTemporal } from './local-temporal';
import { pinoMessage } from './log-lines';
import {
  anyFreePort,
  devPort,
  isLocalAddress,
  isPortFree,
  playgroundMode,
  standInBaseEnv,
} from './playground-settings';
import { dataDirFrom, removePlaygroundState, writePlaygroundState } from './playground-state';
import { standInAppId, standInWebhookSecret, startStandIns } from './stand-ins';
import { Supervisor } from './supervisor';
import { projectRoot } from './temporal-binary';

type Env = Record<string, string | undefined>;
const env = process.env;
const mode = playgroundMode(env);
const dataDir = resolve(dataDirFrom(env));
const supervisor = new Supervisor(() => mode === 'stand-ins' && removePlaygroundState(dataDir));
const say = (text: string): void => supervisor.say(text);

/** `KUBECI_DEV_DATA_DIR` keeps everything, the SQLite file included, in one (test's) folder. */
const dbFileFor = (configured: string): string =>
  env['KUBECI_DEV_DATA_DIR'] ? join(dataDir, 'temporal.sqlite') : resolve(projectRoot, configured);

/** Flags after `npm run dev --` are the original's (`-config`, `-orgs`, …): configured mode passes them on. */
const flags = mode === 'configured' ? process.argv.slice(2) : [];

function loadOrThrow(childEnv: Env, role: 'api' | 'all'): Config {
  const loaded = loadConfig({ env: childEnv, argv: flags, role });
  if (!loaded.ok) throw new Error(`configuration problems:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}`);
  return loaded.config;
}

/** Both are up once the API listens and the worker polls its task queue (after bundling the workflows). */
async function startWorkerAndApi(childEnv: Env): Promise<void> {
  const dist = env['KUBECI_DEV_DIST'] ? resolve(env['KUBECI_DEV_DIST']) : undefined;
  if (dist) say(`the worker and the API run from the build in ${dist}`);
  const entry = (name: string): string => (dist ? join(dist, name, 'main.js') : `${name}/main.ts`);
  const worker = supervisor.startNode('worker', [entry('worker'), ...flags], childEnv, dist !== undefined);
  const api = supervisor.startNode('api', [entry('api'), ...flags], childEnv, dist !== undefined);
  await Promise.all([
    worker.waitForLine((line) => pinoMessage(line) === 'kube-ci worker running', 180_000),
    api.waitForLine((line) => pinoMessage(line) === 'kube-ci api listening', 60_000),
  ]);
}

async function runWithStandIns(): Promise<void> {
  const base = standInBaseEnv(env);
  if (base.ignored.length > 0) say(`ignoring ${base.ignored.join(', ')}: the stand-ins need their own settings`);
  const temporalYaml = { KUBECI_TEMPORAL_CONFIG: join(projectRoot, 'temporal.yaml') };
  // temporal.yaml through config/, as the children read it (the placeholder secret only satisfies the loader)
  const placeholders = { KUBECI_GITHUB_APP_ID: String(standInAppId), KUBECI_WEBHOOK_SECRET: standInWebhookSecret };
  const { devServer, namespace } = loadOrThrow({ ...base.env, ...temporalYaml, ...placeholders }, 'api').temporal;
  let apiPort = devPort(env, 'API_PORT', 8080);
  if (env['KUBECI_DEV_API_PORT'] === undefined && !(await isPortFree(apiPort))) {
    const preferred = apiPort;
    apiPort = await anyFreePort();
    say(`port ${preferred} is in use: the API listens on ${apiPort} instead`);
  }

  say('starting the STAND-INS for GitHub and Kubernetes + Argo (local fakes; no GitHub App or cluster configured)');
  const stepDelayMs = Number(env['KUBECI_DEV_STEP_DELAY_MS'] ?? 1000);
  const standIns = await startStandIns({ dataDir, stepDelayMs, onLine: (name, line) => supervisor.print(name, line) });
  supervisor.adopt(standIns.github);
  supervisor.adopt(standIns.kube);
  const temporal = await startLocalTemporal(supervisor, {
    port: devPort(env, 'TEMPORAL_PORT', devServer.port),
    uiPort: devPort(env, 'UI_PORT', devServer.uiPort),
    dbFile: dbFileFor(devServer.dbFile),
    namespace,
    env,
  });
  const temporalUiUrl = temporal.uiUrl ?? `http://localhost:${devPort(env, 'UI_PORT', devServer.uiPort)}`;
  say('starting the worker and the API');
  const childEnv = {
    ...base.env,
    ...temporalYaml,
    ...standIns.kubeCiEnv,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_UI_BASE: temporalUiUrl,
    KUBECI_API_PORT: String(apiPort),
    // the worker's /metrics: 9464 unless taken (a second playground, a test's worker)
    KUBECI_METRICS_PORT: env['KUBECI_METRICS_PORT'] ?? String((await isPortFree(9464)) ? 9464 : await anyFreePort()),
  };
  loadOrThrow(childEnv, 'all'); // the check the children make, reported here once instead of twice
  await startWorkerAndApi(childEnv);

  const apiUrl = `http://localhost:${apiPort}`;
  writePlaygroundState(dataDir, {
    apiUrl,
    githubUrl: standIns.githubUrl,
    webhookSecret: standInWebhookSecret,
    temporalAddress: temporal.address,
    temporalUiUrl,
    temporalNamespace: namespace,
    pids: Object.fromEntries(supervisor.children.map((c) => [c.name, c.pid])),
  });
  const { githubUrl, kubeUrl } = standIns;
  const info = { ...temporal, temporalAddress: temporal.address, temporalUiUrl: temporal.uiUrl };
  const webhookUrl = `${apiUrl}/webhooks/github`;
  const banner = standInBanner({ ...info, webhookUrl, githubUrl, kubeUrl, appId: standInAppId, dataDir });
  process.stdout.write(`${banner}\n`);
}

async function runConfigured(): Promise<void> {
  const config = loadOrThrow(env, 'all');
  const { temporal: settings, api } = config;
  const port = devPort(env, 'TEMPORAL_PORT', settings.devServer.port);
  // Only a Temporal address on this machine gets a dev server; a cluster or Temporal Cloud is used as it is.
  const local = isLocalAddress(settings.address, port) && settings.apiKey === '' && settings.tls === undefined;
  const temporal = local
    ? await startLocalTemporal(supervisor, {
        port,
        uiPort: devPort(env, 'UI_PORT', settings.devServer.uiPort),
        dbFile: dbFileFor(settings.devServer.dbFile),
        namespace: settings.namespace,
        env,
      })
    : { address: settings.address, uiUrl: undefined, dbFile: undefined };
  if (!local) say(`using the Temporal server at ${settings.address}`);
  const apiPort = devPort(env, 'API_PORT', api.port);
  say(`starting the worker and the API for GitHub App ${config.github.appId}`);
  await startWorkerAndApi({ ...env, KUBECI_API_PORT: String(apiPort) });
  const webhookUrl = `http://localhost:${apiPort}/webhooks/github`;
  const info = { temporalUiUrl: temporal.uiUrl, temporalAddress: temporal.address, dbFile: temporal.dbFile };
  process.stdout.write(`${configuredBanner({ ...info, webhookUrl, appId: config.github.appId })}\n`);
}

try {
  await (mode === 'configured' ? runConfigured() : runWithStandIns());
} catch (error) {
  if (!supervisor.isStopping) {
    say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    await supervisor.shutdown(1);
  }
}
