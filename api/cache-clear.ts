import type { Logger } from 'pino';
import type { CacheClearRequest } from '../domain/cache-clear-event';
import type { StartResult, TemporalGateway } from '../temporal/gateway';
import { handOffStart } from './hand-off';

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
  return await handOffStart(
    log,
    'cache clear',
    {
      repo: `${request.repo.owner}/${request.repo.name}`,
      ...(request.branch !== undefined ? { branch: request.branch } : {}),
      reason: request.reason,
    },
    () => temporal.startCacheClear({ request, deliveryId }),
  );
}
