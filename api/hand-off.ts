import type { Logger } from 'pino';
import type { StartResult } from '../temporal/gateway';
import { HttpError } from './http-error';

/**
 * A webhook's hand-off to Temporal: the call's answer, or 503 when Temporal could not take it, so GitHub
 * records a failed delivery that can be redelivered (every webhook hand-off is keyed so a redelivery is the
 * same request). `what` names the hand-off in the log line.
 */
export async function handOffToTemporal<T>(log: Logger, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    log.error({ err }, `could not hand the ${what} to temporal`);
    throw new HttpError(503, 'temporal is unavailable; redeliver this webhook later');
  }
}

/**
 * A webhook's start of a workflow, handed off like {@link handOffToTemporal}, then logged as `<what> started` or
 * `<what> already exists` (a redelivery, the same press again) with its workflow id and `fields`.
 */
export async function handOffStart(
  log: Logger,
  what: string,
  fields: Record<string, unknown>,
  start: () => Promise<StartResult>,
): Promise<StartResult> {
  const result = await handOffToTemporal(log, what, start);
  log.info(
    { workflowId: result.workflowId, started: result.started, ...fields },
    result.started ? `${what} started` : `${what} already exists`,
  );
  return result;
}
