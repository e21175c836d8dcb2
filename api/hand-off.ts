import type { Logger } from 'pino';
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
