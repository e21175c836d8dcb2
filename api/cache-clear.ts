import type { Logger } from 'pino';
import type { CacheClearRequest } from '../domain/cache-clear-event';
import type { StartResult, TemporalGateway } from '../temporal/gateway';
import { HttpError } from './http-error';

/**
 * A Clear Cache press, a branch delete or a repository archive/delete: 202 once Temporal has the clear (a
 * redelivery of the same body answers `started: false`), 503 when Temporal could not be reached (GitHub can
 * redeliver; the body key makes that the same clear).
 */
export async function startCacheClear(
  temporal: TemporalGateway,
  request: CacheClearRequest,
  deliveryId: string,
  log: Logger,
): Promise<StartResult> {
  let result: StartResult;
  try {
    result = await temporal.startCacheClear({ request, deliveryId });
  } catch (err) {
    log.error({ err }, 'could not hand the cache clear to temporal');
    throw new HttpError(503, 'temporal is unavailable; redeliver this webhook later');
  }
  log.info(
    {
      workflowId: result.workflowId,
      started: result.started,
      repo: `${request.repo.owner}/${request.repo.name}`,
      ...(request.branch !== undefined ? { branch: request.branch } : {}),
      reason: request.reason,
    },
    result.started ? 'cache clear started' : 'cache clear already exists',
  );
  return result;
}
