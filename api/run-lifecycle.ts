import type { Logger } from 'pino';
import type { RunSelector } from '../domain/run-selector';
import type { StartRefRunRequest, StartResult, TemporalGateway } from '../temporal/gateway';
import { handOffStart, handOffToTemporal } from './hand-off';

/**
 * A closed pull request, a deleted branch or repository, a destroyed merge group: its running runs are cancelled
 * (each stops its Argo Workflow and concludes its check run `cancelled`). Cancelling is idempotent, so a
 * redelivery is harmless; 503 when Temporal could not be reached, so GitHub can redeliver.
 */
export async function cancelRuns(temporal: TemporalGateway, selector: RunSelector, log: Logger): Promise<string[]> {
  const cancelled = await handOffToTemporal(log, 'cancellation', () => temporal.cancelRuns(selector));
  log.info(
    { repo: `${selector.repo.owner}/${selector.repo.name}`, reason: selector.reason, cancelled },
    'runs cancelled',
  );
  return cancelled;
}

/** A tag's `create`: 202 once Temporal has the ref run (workflows/ref-run.ts), which resolves the tag and runs it. */
export async function startRefRun(
  temporal: TemporalGateway,
  request: StartRefRunRequest,
  log: Logger,
): Promise<StartResult> {
  const { trigger } = request;
  const fields = { repo: `${trigger.repo.owner}/${trigger.repo.name}`, ref: trigger.ref, refType: trigger.refType };
  return await handOffStart(log, 'ref run', fields, () => temporal.startRefRun(request));
}
