/** API process: loadConfig → Temporal connection → express app → listen → graceful shutdown. */
import { Connection } from '@temporalio/client';
import type { ServerResponse } from 'node:http';
import pino from 'pino';
import { apiConfig, loadConfig, redactConfig } from '../config';
import { createApp } from './app';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { createTemporalGateway } from '../temporal/gateway';
import { createTracing } from '../metrics/tracing';

// `--check`: validate the configuration and exit 0 without opening a port (an image's or a chart's smoke test).
const check = process.argv.includes('--check');
const argv = process.argv.slice(2).filter((arg) => arg !== '--check');
const loaded = loadConfig({ env: process.env, argv, role: 'api' });
if (!loaded.ok) {
  console.error(`kube-ci api: configuration problems:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(2);
}
if (check) {
  console.log('kube-ci api: configuration OK');
  process.exit(0);
}
const config = apiConfig(loaded.config);
const logger = pino({ level: config.logLevel, base: { process: 'api' } });
for (const warning of loaded.warnings) logger.warn({ warning }, 'configuration warning');
logger.info({ config: redactConfig(loaded.config) }, 'kube-ci api starting');
if (config.apiToken === '')
  logger.info('HTTP API /api/v1/run is off: set KUBECI_API_TOKEN or KUBECI_API_TOKEN_FILE to turn it on');

// Lazy: the API comes up (and answers 503) even while Temporal is down; calls connect on demand.
const connection = Connection.lazy({
  address: config.temporal.address,
  ...(config.temporal.tls ? { tls: config.temporal.tls } : {}),
  ...(config.temporal.apiKey ? { apiKey: config.temporal.apiKey } : {}),
});
// Runs are started with kube-ci's search attributes; register them here too so an API that comes up
// before any worker can still hand runs off. Not fatal: Temporal may be down, the worker registers them too.
ensureSearchAttributes(connection, config.temporal.namespace).catch((err: unknown) =>
  logger.warn({ err: String(err) }, 'could not register search attributes yet'),
);
// KUBECI_OTLP_ENDPOINT: a span per workflow start, its context passed on to the run; off when empty.
const tracing = config.otlpEndpoint ? createTracing(config.otlpEndpoint, 'kube-ci-api') : undefined;
const temporal = createTemporalGateway({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  ...(tracing ? { plugins: [tracing.plugin] } : {}),
});
let serving = true;
const runsApi = { token: config.apiToken, defaultInstallId: config.defaultInstallId };
const slack = config.slack
  ? { ...config.slack, temporalUi: { base: config.temporal.uiBase, namespace: config.temporal.namespace } }
  : undefined;
const app = createApp({
  ...config.webhook,
  temporal,
  logger,
  isServing: () => serving,
  runsApi,
  ...(slack ? { slack } : {}),
});
// The original's timeouts: GitHub gives a webhook 10 s, and a hand-off to Temporal takes milliseconds.
const server = app.listen(config.port, () => logger.info({ port: config.port }, 'kube-ci api listening'));
server.requestTimeout = 10_000;
server.keepAliveTimeout = 15_000;

// SIGTERM: readiness fails at once (/readyz 503, /status 500) so the load balancer stops sending; after
// KUBECI_GRACE_SHUTDOWN the server stops accepting, every request already received is answered (within
// KUBECI_GRACE_REQUESTS, then its connection is cut), and the process exits.
let inFlight = 0;
server.on('request', (_req, res: ServerResponse) => {
  inFlight++;
  res.once('close', () => inFlight--);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    serving = false;
    logger.info({ signal, delayMs: config.shutdownDelayMs }, 'kube-ci api shutting down');
    setTimeout(() => {
      server.close(() => {
        logger.info('kube-ci api stopped');
        void Promise.allSettled([connection.close(), tracing?.shutdown()]).finally(() => process.exit(0));
      });
      logger.info({ inFlight, graceMs: config.requestGraceMs }, 'kube-ci api stopped accepting connections');
      setTimeout(() => server.closeAllConnections(), config.requestGraceMs).unref();
    }, config.shutdownDelayMs).unref();
  });
}
