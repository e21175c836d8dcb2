import { verify } from '@octokit/webhooks-methods';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { parseWebhook } from '../domain/webhook-event';
import type { CiTrigger } from '../domain/types';
import { HttpError } from './http-error';
import type { TemporalGateway } from './temporal-gateway';

export interface WebhookOptions {
  secret: string;
  appId: number;
  /** installation ids allowed to use this App; empty = any */
  allowedInstallationIds: number[];
  /** anchored regex of allowed owners; undefined = any */
  allowedOrgs?: RegExp;
  temporal: TemporalGateway;
  logger: Logger;
}

/**
 * `POST /webhooks/github`: verify the signature over the raw bytes, parse, filter, hand the run to
 * Temporal, and only then answer 202. A failed hand-off answers 503 so GitHub records a failed delivery
 * that can be redelivered; the workflow id derived from the event makes a redelivery find the same run.
 */
export function githubWebhookRouter(options: WebhookOptions): Router {
  const router = express.Router();
  // Raw body first: the signature covers the exact bytes GitHub sent (no JSON parser may run before).
  router.post('/webhooks/github', express.raw({ type: () => true, limit: '25mb' }), async (req, res) => {
    const delivery = headersOf(req);
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    // verify() throws on an empty payload; an empty body simply does not match any signature.
    const valid = raw !== '' && (await verify(options.secret, raw, delivery.signature).catch(() => false));
    if (!valid) {
      throw new HttpError(401, 'request did not validate: x-hub-signature-256 does not match the payload');
    }
    const payload = parsePayload(raw, req.headers['content-type']);
    const log = options.logger.child({ deliveryId: delivery.id, event: delivery.name });
    const decision = parseWebhook({ name: delivery.name, deliveryId: delivery.id, payload, appId: options.appId });
    if (decision.kind === 'ignored') {
      log.info({ reason: decision.reason }, 'webhook ignored');
      res.status(200).type('text/plain').send(`ignored: ${decision.reason}\n`);
      return;
    }
    refuseUntrusted(decision.trigger, options);
    await startRun(options.temporal, { ...decision, event: payload as Record<string, unknown> }, log, res);
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
  let result;
  try {
    result = await temporal.startCiRun(trigger, runKey, event);
  } catch (err) {
    log.error({ err }, 'could not hand the run to temporal');
    throw new HttpError(503, 'temporal is unavailable; redeliver this webhook later');
  }
  log.info(
    {
      workflowId: result.workflowId,
      started: result.started,
      repo: `${trigger.repo.owner}/${trigger.repo.name}`,
      sha: trigger.sha,
    },
    result.started ? 'ci run started' : 'ci run already exists',
  );
  res.status(202).json(result);
}

function headersOf(req: Request): { name: string; id: string; signature: string } {
  const name = req.header('x-github-event');
  const id = req.header('x-github-delivery');
  const signature = req.header('x-hub-signature-256');
  if (!signature) throw new HttpError(401, 'missing x-hub-signature-256 header');
  if (!name) throw new HttpError(400, 'missing x-github-event header');
  if (!id) throw new HttpError(400, 'missing x-github-delivery header');
  return { name, id, signature };
}

/** GitHub sends JSON, or a form with a `payload` field when the hook is configured that way. */
function parsePayload(raw: string, contentType: string | undefined): unknown {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  let json = raw;
  if (type === 'application/x-www-form-urlencoded') json = new URLSearchParams(raw).get('payload') ?? '';
  else if (type !== 'application/json') throw new HttpError(415, `unsupported content type ${type || '(none)'}`);
  try {
    return JSON.parse(json);
  } catch (err) {
    throw new HttpError(400, `could not parse request: ${(err as Error).message}`);
  }
}

function refuseUntrusted(trigger: CiTrigger, options: WebhookOptions): void {
  const { allowedInstallationIds, allowedOrgs } = options;
  if (allowedInstallationIds.length > 0 && !allowedInstallationIds.includes(trigger.installationId)) {
    throw new HttpError(403, `unknown installation ${trigger.installationId}`);
  }
  if (allowedOrgs && !allowedOrgs.test(trigger.repo.owner)) {
    throw new HttpError(403, `refusing event from untrusted org ${trigger.repo.owner}`);
  }
}
