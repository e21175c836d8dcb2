import { verify } from '@octokit/webhooks-methods';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { schema } from '../config/schema';
import { secondsSince } from '../metrics/registry';
import { UNVERIFIED_EVENT, webhookToRunStartSeconds, webhooksTotal } from '../metrics/webhooks';
import { parseWebhook } from '../domain/webhook-event';
import type { CiTrigger, RepoRef } from '../domain/types';
import type { Pattern } from '../domain/regex';
import { startCacheClear } from './cache-clear';
import { startCommentCommand } from './comment-command';
import { startForkNotice } from './fork-notice';
import { cancelRuns, startRefRun } from './run-lifecycle';
import { HttpError } from './http-error';
import { clickRequestOf, pressManualStep } from './manual-step-press';
import { handOffToTemporal } from './hand-off';
import type { TemporalGateway } from '../temporal/gateway';
import { eventForRun, parseWebhookBody, rawWebhookBody } from './webhook-body';

export interface WebhookOptions {
  secret: string;
  appId: number;
  /** installation ids allowed to use this App; empty = any */
  allowedInstallationIds: number[];
  /** anchored regex of allowed owners; undefined = any */
  allowedOrgs?: Pattern;
  temporal: TemporalGateway;
  logger: Logger;
  /** `KUBECI_MAX_WEBHOOK_BYTES`: longer bodies are answered 413 */
  maxWebhookBytes?: number;
  /** `KUBECI_MAX_EVENT_INPUT_BYTES`: bigger payloads start their run without `event` */
  maxEventInputBytes?: number;
}

/** GitHub sends a GUID; this also keeps the id printable in logs, run input and outgoing headers. */
const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * `POST /webhooks/github`: verify the signature over the raw bytes, parse, filter, hand the run to
 * Temporal, and only then answer 202. A failed hand-off answers 503 so GitHub records a failed delivery
 * that can be redelivered; the workflow id derived from the event makes a redelivery find the same run.
 */
export function githubWebhookRouter(options: WebhookOptions): Router {
  const router = express.Router();
  const maxBody = options.maxWebhookBytes ?? schema.maxWebhookBytes.default;
  const maxEvent = options.maxEventInputBytes ?? schema.maxEventInputBytes.default;
  router.post('/webhooks/github', countAnswer, rawWebhookBody(maxBody), async (req, res) => {
    const delivery = headersOf(req);
    const rawBytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const raw = rawBytes.toString('utf8');
    // verify() throws on an empty payload; an empty body simply does not match any signature.
    const valid = raw !== '' && (await verify(options.secret, raw, delivery.signature).catch(() => false));
    if (!valid) {
      throw new HttpError(401, 'request did not validate: x-hub-signature-256 does not match the payload');
    }
    res.locals['event'] = delivery.name;
    const body = parseWebhookBody(rawBytes, req.headers['content-type']);
    const log = options.logger.child({ deliveryId: delivery.id, event: delivery.name, ...repoOf(body.payload) });
    const decision = parseWebhook({
      name: delivery.name,
      deliveryId: delivery.id,
      payload: body.payload,
      bodyDigest: body.digest,
      appId: options.appId,
    });
    if (decision.kind === 'ignored') {
      log.info({ reason: decision.reason }, 'webhook ignored');
      res.status(200).type('text/plain').send(`ignored: ${decision.reason}\n`);
      return;
    }
    if (decision.kind === 'clear-caches') {
      // Unlike the original (SPEC B 4.7, 4.8), the installation and org filters apply to cache clears too.
      refuseUntrusted(decision.request, options);
      const clear = await startCacheClear(options.temporal, decision.request, delivery.id, log);
      const cancelled = decision.cancel ? await cancelRuns(options.temporal, decision.cancel, log) : undefined;
      res.status(202).json({ ...clear, ...(cancelled ? { cancelled } : {}) });
      return;
    }
    if (decision.kind === 'comment-command') {
      refuseUntrusted(decision.request, options);
      res.status(202).json(await startCommentCommand(options.temporal, decision.request, log));
      return;
    }
    if (decision.kind === 'fork-notice') {
      refuseUntrusted(decision.notice, options);
      res.status(202).json(await startForkNotice(options.temporal, decision.notice, delivery.id, log));
      return;
    }
    if (decision.kind === 'cancel-runs') {
      refuseUntrusted(decision.selector, options);
      const cancelled = await cancelRuns(options.temporal, decision.selector, log);
      res.status(202).json({ cancelled, reason: decision.selector.reason });
      return;
    }
    const trigger = decision.kind === 'manual-step' ? decision.press.trigger : decision.trigger;
    refuseUntrusted(trigger, options);
    const event = eventForRun(body, maxEvent);
    if (event !== body.payload) log.warn({ bytes: body.jsonBytes, limit: maxEvent }, 'event left out of the run input');
    if (decision.kind === 'manual-step') {
      res.status(202).json(await pressManualStep(options.temporal, clickRequestOf(decision.press, event), log));
      return;
    }
    if (decision.kind === 'start-ref-run') {
      res.status(202).json(await startRefRun(options.temporal, { ...decision, event }, log));
      return;
    }
    await startRun(options.temporal, { ...decision, event }, log, res);
  });
  return router;
}

interface RunRequest {
  trigger: CiTrigger;
  runKey: string;
  event: Record<string, unknown>;
}

async function startRun(
  temporal: TemporalGateway,
  { trigger, runKey, event }: RunRequest,
  log: Logger,
  res: Response,
): Promise<void> {
  const handOffAt = performance.now();
  const result = await handOffToTemporal(log, 'run', () => temporal.startCiRun({ trigger, runKey, event }));
  if (result.started) webhookToRunStartSeconds.observe({ event: res.locals['event'] }, secondsSince(res.locals['at']));
  log.info(
    {
      workflowId: result.workflowId,
      started: result.started,
      sha: trigger.sha,
      // where an ack's time goes: the whole request so far (body read included), and the start call alone
      handledMs: Date.now() - (res.locals['at'] as number),
      startMs: Math.round(performance.now() - handOffAt),
    },
    result.started ? 'ci run started' : 'ci run already exists',
  );
  res.status(202).json(result);
}

/** Counts the answer once it is sent (kubeci_webhooks_total), whatever answered it: this route or the error handler. */
function countAnswer(_req: Request, res: Response, next: NextFunction): void {
  res.locals['at'] = Date.now();
  res.on('finish', () =>
    webhooksTotal.inc({ event: res.locals['event'] ?? UNVERIFIED_EVENT, status: String(res.statusCode) }),
  );
  next();
}

/** `repo: owner/name` for the log lines of a delivery, when its payload names a repository. */
function repoOf(payload: Record<string, unknown>): { repo?: string } {
  const fullName = (payload['repository'] as { full_name?: unknown } | undefined)?.full_name;
  return typeof fullName === 'string' ? { repo: fullName } : {};
}

function headersOf(req: Request): { name: string; id: string; signature: string } {
  const name = req.header('x-github-event');
  const id = req.header('x-github-delivery');
  const signature = req.header('x-hub-signature-256');
  if (!signature) throw new HttpError(401, 'missing x-hub-signature-256 header');
  if (!name) throw new HttpError(400, 'missing x-github-event header');
  if (!id) throw new HttpError(400, 'missing x-github-delivery header');
  if (!DELIVERY_ID.test(id))
    throw new HttpError(400, 'x-github-delivery must be an id of at most 128 letters, digits, `.`, `_`, `:` or `-`');
  return { name, id, signature };
}

/** An event without an installation id passes only when no installation filter is set. */
function refuseUntrusted(trigger: { installationId?: number; repo: RepoRef }, options: WebhookOptions): void {
  const { allowedInstallationIds, allowedOrgs } = options;
  const { installationId } = trigger;
  if (
    allowedInstallationIds.length > 0 &&
    (installationId === undefined || !allowedInstallationIds.includes(installationId))
  ) {
    throw new HttpError(
      403,
      installationId === undefined ? 'event names no installation' : `unknown installation ${installationId}`,
    );
  }
  if (allowedOrgs && !allowedOrgs.test(trigger.repo.owner)) {
    throw new HttpError(403, `refusing event from untrusted org ${trigger.repo.owner}`);
  }
}
