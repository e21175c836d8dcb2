import type { Logger } from 'pino';
import type { ForkNotice } from '../domain/fork-notice';
import type { StartResult, TemporalGateway } from '../temporal/gateway';
import { handOffStart } from './hand-off';

/**
 * A fork PR's opened, reopened, ready_for_review or synchronize: 202 once Temporal has the notice workflow that tells
 * the PR it needs an approval (the same PR and commit again answers `started: false` and posts nothing), 503 when
 * Temporal could not be reached (GitHub can redeliver).
 */
export async function startForkNotice(
  temporal: TemporalGateway,
  notice: ForkNotice,
  deliveryId: string,
  log: Logger,
): Promise<StartResult> {
  return await handOffStart(
    log,
    'fork notice',
    { repo: `${notice.repo.owner}/${notice.repo.name}`, pullRequest: notice.pullRequest, sha: notice.sha },
    () => temporal.startForkNotice({ notice, deliveryId }),
  );
}
