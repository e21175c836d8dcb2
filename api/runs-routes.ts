import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Pattern } from '../domain/regex';
import type { CiTrigger } from '../domain/types';
import { HttpError } from './http-error';
import { decodeRunRequest, type RunRequest } from './run-request';
import type { TemporalGateway } from '../temporal/gateway';

/** The settings of the HTTP API; absent or with an empty token, the API is off. */
export interface RunsApiSettings {
  /** bearer token callers must send; '' = the HTTP API is disabled */
  token: string;
  /** `api.defaultInstallID`: the installation every API request acts as */
  defaultInstallId: number;
}

export interface RunsRouterOptions extends RunsApiSettings {
  temporal: TemporalGateway;
  logger: Logger;
  /** the webhook's filters apply here too, as the original's getClient applied them */
  allowedInstallationIds: number[];
  allowedOrgs?: Pattern;
}

/** 1 MB of `.kube-ci/` files is plenty, and it keeps the dry run's input well inside Temporal's payload limit. */
const MAX_BODY = '1mb';

/**
 * `/api/v1/run` (SPEC B §17, fixed by G20): authenticated, `run: false` answers the decorated Argo Workflow
 * a run would submit (rendered by a short Temporal workflow on the worker, so the API never calls GitHub),
 * `run: true` starts a real run. Any method, as the original.
 */
export function runsRouter(options: RunsRouterOptions): Router {
  const router = express.Router();
  const parseJson = express.json({ limit: MAX_BODY, type: () => true, strict: false });
  router.all(
    '/api/v1/run',
    (req, res, next) => {
      authenticate(options.token, req.header('authorization'), res);
      next();
    },
    // the body is read only once the caller is known; parse errors get the original's wording
    (req, res, next: NextFunction) =>
      parseJson(req, res, (err?: unknown) => next(err === undefined ? undefined : decodeError(err))),
    async (req, res) => {
      const request = decodeRunRequest(req.body);
      const trigger = triggerFor(request, options);
      if (request.run) await startRun(options, request, trigger, res);
      else await dryRun(options, request, trigger, res);
    },
  );
  return router;
}

function authenticate(token: string, header: string | undefined, res: Response): void {
  if (token === '') throw new HttpError(404, 'the HTTP API is disabled');
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  // digests have equal length, so the comparison takes the same time whatever the caller sent
  if (given === undefined || !timingSafeEqual(digest(given), digest(token))) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="kube-ci"');
    throw new HttpError(401, 'unauthorized: send Authorization: Bearer <token>');
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function decodeError(err: unknown): unknown {
  const { status, message } = err as { status?: number; message?: string };
  if (status === 413) return new HttpError(413, `cannot decode input, the body is over the ${MAX_BODY} limit`);
  return new HttpError(400, `cannot decode input, ${message ?? String(err)}`);
}

function triggerFor(request: RunRequest, options: RunsRouterOptions): CiTrigger {
  const installationId = options.defaultInstallId;
  if (installationId === 0) {
    throw new HttpError(400, 'the HTTP API needs an installation: set api.defaultInstallID in the kube-ci config file');
  }
  if (options.allowedInstallationIds.length > 0 && !options.allowedInstallationIds.includes(installationId)) {
    throw new HttpError(
      403,
      `installation ${installationId} (api.defaultInstallID) is not in the allowed installation ids`,
    );
  }
  if (options.allowedOrgs && !options.allowedOrgs.test(request.org))
    throw new HttpError(403, `refusing untrusted org ${request.org}`);
  return {
    source: 'api',
    installationId,
    repo: { owner: request.org, name: request.repo },
    sha: request.hash,
    ref: request.ref,
    refType: request.refType,
    entrypoint: request.entrypoint,
    pullRequests: [],
    deliveryId: `api-${randomUUID()}`,
    sender: '',
  };
}

async function startRun(
  options: RunsRouterOptions,
  request: RunRequest,
  trigger: CiTrigger,
  res: Response,
): Promise<void> {
  // A real run reads `.kube-ci/` at the commit, from GitHub; files in the request would be silently ignored.
  if (request.ciContext)
    throw new HttpError(400, 'cannot decode input, ci_context is only accepted for a dry run (run: false)');
  let workflowId: string;
  try {
    ({ workflowId } = await options.temporal.startCiRun({ trigger, runKey: trigger.deliveryId }));
  } catch (err) {
    options.logger.error({ err }, 'could not hand the API run to temporal');
    throw new HttpError(503, 'temporal is unavailable; try again later');
  }
  options.logger.info({ workflowId, repo: `${request.org}/${request.repo}`, sha: request.hash }, 'api run started');
  res.status(202).json({ workflowId });
}

async function dryRun(
  options: RunsRouterOptions,
  request: RunRequest,
  trigger: CiTrigger,
  res: Response,
): Promise<void> {
  let answer;
  try {
    answer = await options.temporal.dryRun({ trigger, ...(request.ciContext ? { ciContext: request.ciContext } : {}) });
  } catch (err) {
    options.logger.error({ err }, 'could not run the dry run on temporal');
    throw new HttpError(503, 'temporal is unavailable; try again later');
  }
  const debug = 'debug' in answer && answer.debug !== '' ? { debug: answer.debug } : {};
  switch (answer.kind) {
    case 'workflow':
      res.status(200).json({ workflow: answer.workflow, ...debug });
      return;
    case 'invalid':
      res.status(422).json({ error: answer.error.message, file: answer.error.file, ...lineOf(answer.error), ...debug });
      return;
    case 'none':
    case 'skip':
      res.status(422).json({ error: answer.reason, ...debug });
      return;
    case 'too-large':
      res.status(422).json({
        error: `the rendered workflow is ${answer.bytes} bytes, more than a dry run returns (${answer.limit}); render it locally with kube-ci render`,
        ...debug,
      });
      return;
    case 'failed':
      res.status(422).json({ error: answer.message });
      return;
    case 'timed-out':
      throw new HttpError(504, 'the dry run did not finish in time; is a worker running?');
  }
}

function lineOf(error: { line?: number; column?: number }): { line?: number; column?: number } {
  return {
    ...(error.line !== undefined ? { line: error.line } : {}),
    ...(error.column !== undefined ? { column: error.column } : {}),
  };
}
