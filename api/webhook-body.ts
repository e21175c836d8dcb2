import { createHash } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import { HttpError } from './http-error';

/**
 * Reads the raw body (the signature covers the exact bytes, so no JSON parser may run first), at most
 * `maxBytes`: a longer body is answered 413 with the reason before anything else is done with it. Other
 * read errors (a broken gzip stream, an unknown content encoding, an aborted request) are the client's:
 * they answer with body-parser's 4xx and its message, never a 500.
 */
export function rawWebhookBody(maxBytes: number): RequestHandler {
  const read = express.raw({ type: () => true, limit: maxBytes });
  return (req, res, next) =>
    read(req, res, (err?: unknown) => {
      if (err === undefined) return next();
      const { status, message } = err as { status?: number; message?: string };
      if (status === 413) {
        return next(
          new HttpError(
            413,
            `webhook body is over ${maxBytes} bytes (KUBECI_MAX_WEBHOOK_BYTES); GitHub caps payloads at 25 MB`,
          ),
        );
      }
      if (status !== undefined && status >= 400 && status < 500)
        return next(new HttpError(status, `could not read request: ${message ?? 'bad body'}`));
      next(err);
    });
}

export interface ParsedBody {
  payload: Record<string, unknown>;
  /** UTF-8 bytes of the JSON text: what the payload weighs in a run's input */
  jsonBytes: number;
  /** SHA-256 of the raw body, hex: the identity of this exact signed body */
  digest: string;
}

/**
 * GitHub sends a JSON object, or a form with a `payload` field when the hook is configured that way.
 * Anything else that JSON allows (`[]`, `null`, `42`, `"x"`) is answered 400 with the reason.
 */
export function parseWebhookBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  let json: string;
  if (type === 'application/x-www-form-urlencoded')
    json = new URLSearchParams(raw.toString('utf8')).get('payload') ?? '';
  else if (type === 'application/json') json = raw.toString('utf8');
  else throw new HttpError(415, `unsupported content type ${type || '(none)'}`);
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch (err) {
    throw new HttpError(400, `could not parse request: ${(err as Error).message}`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    const got = payload === null ? 'null' : Array.isArray(payload) ? 'an array' : `a ${typeof payload}`;
    throw new HttpError(400, `could not parse request: a webhook payload is a JSON object, got ${got}`);
  }
  return {
    payload: payload as Record<string, unknown>,
    jsonBytes: Buffer.byteLength(json, 'utf8'),
    digest: createHash('sha256').update(raw).digest('hex'),
  };
}

/** The key Starlark finds in `input.event` when the payload was too big to travel with the run. */
export const EVENT_OMITTED_KEY = 'kube_ci_event_omitted';

/**
 * How deeply an event may nest and still travel with a run. GitHub's payloads nest about 8 levels; JSON
 * parsing has no limit, but `JSON.stringify` (Temporal's payload converter) overflows the stack at a few
 * thousand, which would turn a start into a 503.
 */
export const MAX_EVENT_DEPTH = 100;

/**
 * The `event` a run carries: the payload itself, or, when it is over `maxBytes` (Temporal refuses
 * inputs over 2 MB) or nests deeper than {@link MAX_EVENT_DEPTH}, a one-key object saying why it is
 * missing. The run itself is not refused: a big commit message must not cost the commit its CI.
 */
export function eventForRun(body: ParsedBody, maxBytes: number): Record<string, unknown> {
  if (body.jsonBytes > maxBytes) {
    return {
      [EVENT_OMITTED_KEY]: `the webhook payload was ${body.jsonBytes} bytes, over KUBECI_MAX_EVENT_INPUT_BYTES (${maxBytes}); it is left out of the run's input, which Temporal limits to 2 MB`,
    };
  }
  if (nestsDeeperThan(body.payload, MAX_EVENT_DEPTH)) {
    return { [EVENT_OMITTED_KEY]: `the webhook payload nests deeper than ${MAX_EVENT_DEPTH} levels; it is left out` };
  }
  return body.payload;
}

/** Iterative, so a payload nested a million levels deep is measured without a stack overflow. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
