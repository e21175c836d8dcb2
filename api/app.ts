import express, { type NextFunction, type Request, type Response } from 'express';
import { githubWebhookRouter, type WebhookOptions } from './github-webhook';
import { registry } from '../metrics/registry';
import { HttpError } from './http-error';
import { runsRouter, type RunsApiSettings } from './runs-routes';
import { slackCommandsRouter, type SlackOptions } from './slack-commands';

export interface AppDeps extends WebhookOptions {
  /** false once shutdown has begun: /status answers 500 so load balancers drain this instance */
  isServing: () => boolean;
  /** the HTTP API `/api/v1/run`; absent = disabled (404) */
  runsApi?: RunsApiSettings;
  /** Slack slash commands `/slack/commands`; absent = off (404) */
  slack?: Omit<SlackOptions, 'temporal' | 'logger'>;
}

const runsApiOff: RunsApiSettings = { token: '', defaultInstallId: 0 };

/** Routes and error handling; no listening, no environment. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Shutting down: answers close their connection, so no client sends another request on it.
  app.use((_req, res, next) => {
    if (!deps.isServing()) res.set('Connection', 'close');
    next();
  });
  app.use(githubWebhookRouter(deps));
  const { temporal, logger, allowedInstallationIds, allowedOrgs } = deps;
  app.use(
    runsRouter({
      ...(deps.runsApi ?? runsApiOff),
      temporal,
      logger,
      allowedInstallationIds,
      ...(allowedOrgs ? { allowedOrgs } : {}),
    }),
  );
  if (deps.slack) app.use(slackCommandsRouter({ ...deps.slack, temporal, logger }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = deps.isServing() && (await deps.temporal.isReachable());
    res.status(ready ? 200 : 503).json({ temporal: ready ? 'reachable' : 'unreachable' });
  });
  // The original's health endpoint, same shape.
  app.get('/status', (_req, res) => {
    const status = deps.isServing() ? 200 : 500;
    res.status(status).json({ service: 'kube-ci', status });
  });
  // Prometheus metrics of this process (metrics/); the worker serves its own on KUBECI_METRICS_PORT.
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  app.get('/', (_req, res) => {
    res.json({ hello: 'world' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HttpError) {
      res.status(err.status).type('text/plain').send(`${err.message}\n`);
      return;
    }
    // body-parser's own errors (too large, bad encoding, aborted) are the client's: its status and message
    const { status, expose, message } = err as { status?: number; expose?: boolean; message?: string };
    if (status !== undefined && status >= 400 && status < 500 && expose === true) {
      res
        .status(status)
        .type('text/plain')
        .send(`${message ?? 'bad request'}\n`);
      return;
    }
    deps.logger.error({ err }, 'unhandled error');
    res.status(500).type('text/plain').send('internal error\n');
  });
  return app;
}
