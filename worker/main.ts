/** Worker process: loadConfig → gateways → activities → Temporal worker. Exits non-zero on bad config. */
import { DefaultLogger, makeTelemetryFilterString, Runtime, type LogLevel } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { createGitHubGateway } from '../activities/github/octokit-gateway';
import { createKubeGateway } from '../activities/kubernetes/client-gateway';
import { createStarlarkRenderer } from '../activities/starlark/starlark-renderer';
import { createStarlarkPool } from '../starlark-wasm/src/index';
import { inClusterKubeConfig, kubeConfigFromYaml } from '../activities/kubernetes/kube-config';
import { loadConfig, redactConfig, workerConfig } from '../config';
import { createWorker, workflowCodeSource } from './create-worker';
import { RECONCILE_MAX_RUNS_PER_PASS } from '../temporal/reconcile-schedule';
import { createTemporalGateway } from '../temporal/gateway';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { connectClient, connectWorker } from './temporal-connections';
import { serveMetrics } from '../metrics/server';
import { createTracing } from '../metrics/tracing';

// `--check`: validate the configuration, start the Starlark engine once and exit 0 without connecting to Temporal.
const check = process.argv.includes('--check');
const argv = process.argv.slice(2).filter((arg) => arg !== '--check');
const loaded = loadConfig({ env: process.env, argv, role: 'worker' });
if (!loaded.ok) {
  console.error(`kube-ci worker: configuration problems:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(2);
}
const config = workerConfig(loaded.config);
const logger = pino({ level: config.logLevel, base: { process: 'worker' } });
for (const warning of loaded.warnings) logger.warn({ warning }, 'configuration warning');
logger.info({ config: redactConfig(loaded.config) }, 'kube-ci worker starting');

// SDK and workflow logs go through the same pino instance (replay-aware `log` in workflows).
Runtime.install({
  logger: new DefaultLogger(
    config.logLevel === 'silent' ? 'ERROR' : (config.logLevel.toUpperCase() as LogLevel),
    (entry) => {
      const level =
        entry.level === 'TRACE' ? 'trace' : (entry.level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error');
      logger[level]({ ...entry.meta }, entry.message);
    },
  ),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
});

const kubeConfig = config.kubernetes.kubeconfig
  ? kubeConfigFromYaml(readFileSync(config.kubernetes.kubeconfig, 'utf8'))
  : inClusterKubeConfig();
if (config.kubernetes.master)
  kubeConfig.clusters.forEach((cluster) => Object.assign(cluster, { server: config.kubernetes.master }));

const github = createGitHubGateway({
  appId: config.github.appId,
  privateKey: config.github.privateKey,
  baseUrl: config.github.baseUrl,
});
// One warm pool per worker process; ci.star evaluations of concurrent activities queue for it.
// Limits and the https allow-list are KUBECI_STARLARK_* / `starlark.*` settings; an empty allow-list refuses https:// loads.
// Each instance's WebAssembly memory is capped from the same maxMemory limit (starlark-wasm/README.md).
const starlarkPool = await createStarlarkPool({
  size: config.starlark.poolSize,
  maxMemoryBytes: config.starlark.limits.maxMemoryBytes,
  onEvent: (event) => {
    if (event.type === 'spawn-failed') logger.error(event, 'starlark worker failed to start');
    else if (event.type === 'worker-retired')
      logger.info({ threadId: event.threadId, reason: event.reason }, 'starlark worker replaced');
  },
});
if (check) {
  await starlarkPool.close();
  console.log(`kube-ci worker: configuration OK, Starlark engine started, workflow code: ${workflowCodeSource()}`);
  process.exit(0);
}
const renderStarlark = createStarlarkRenderer({
  pool: starlarkPool,
  github,
  https: config.starlark.https,
  limits: config.starlark.limits,
  pipelineFiles: config.pipelineFiles,
  githubRepos: config.starlark.githubRepos,
});

// KUBECI_OTLP_ENDPOINT: spans of activities (and workflows) to an OpenTelemetry collector; off when empty.
const tracing = config.otlpEndpoint ? createTracing(config.otlpEndpoint, 'kube-ci-worker') : undefined;
if (tracing) logger.info({ endpoint: config.otlpEndpoint }, 'tracing to OTLP endpoint');

const clientConnection = await connectClient(config.temporal);
await ensureSearchAttributes(clientConnection, config.temporal.namespace);
const temporal = createTemporalGateway({
  connection: clientConnection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
});
await temporal.ensureReconcileSchedule({ ...config.reconcile, maxRuns: RECONCILE_MAX_RUNS_PER_PASS });
const kubeCiWorker = await createWorker({
  connection: await connectWorker(config.temporal),
  temporal,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  temporalUiBase: config.temporal.uiBase,
  github,
  renderStarlark,
  kube: createKubeGateway(kubeConfig),
  settings: config.settings,
  policy: config.policy,
  pipelineFiles: config.pipelineFiles,
  contextFolderLimits: config.contextFolderLimits,
  commands: { authorisedOrgs: config.authorisedOrgs, templates: config.templates },
  progressIntervalMs: config.progressIntervalMs,
  followRereadIntervalMs: config.followRereadIntervalMs,
  followHeartbeatTimeoutMs: config.followHeartbeatTimeoutMs,
  maxAnnotations: config.maxAnnotations,
  manualStepWaitMs: config.manualStepWaitMs,
  maxDeploymentsPerRun: config.maxDeploymentsPerRun,
  maxChangedFiles: config.maxChangedFiles,
  pathFilterTimeoutMs: config.pathFilterTimeoutMs,
  podLogBounds: config.podLogBounds,
  failedStepLogLines: config.failedStepLogLines,
  tuning: config.tuning,
  ...(tracing ? { plugins: [tracing.plugin] } : {}),
  logger: { error: (message, meta) => logger.error(meta ?? {}, message) },
});

// KUBECI_METRICS_PORT: this process's Prometheus families (metrics/); 0 = no endpoint.
const metrics = config.metricsPort > 0 ? await serveMetrics(config.metricsPort) : undefined;
if (metrics) logger.info({ port: metrics.port }, 'kube-ci worker metrics listening');

// SIGTERM drains: no new tasks are polled; running activities get `worker.shutdownGraceTime` (temporal.yaml) to finish,
// then are cancelled (their heartbeats stop, and Temporal retries them on another worker).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'kube-ci worker shutting down');
    kubeCiWorker.worker.shutdown();
  });
}
logger.info(
  { taskQueue: config.temporal.taskQueue, namespace: config.settings.namespace, workflowCode: workflowCodeSource() },
  'kube-ci worker running',
);
await kubeCiWorker.run();
await clientConnection.close();
await starlarkPool.close();
metrics?.server.close();
await tracing?.shutdown();
logger.info('kube-ci worker stopped');
