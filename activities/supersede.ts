import { log } from '@temporalio/activity';
import type { OlderRunsQuery } from '../temporal/gateway';
import type { ActivityDeps } from './deps';

export type CancelSupersededRunsInput = OlderRunsQuery;

/**
 * A newer push supersedes older runs of the same entrypoint on the same branch (SPEC A2/G35): they are
 * cancelled through Temporal (TemporalGateway.cancelOlderRuns), and each cancelled run stops its own Argo
 * Workflow and concludes its check run `cancelled`. Manual and deploy steps have other entrypoints and are
 * left alone; runs asked for by a `deployment` webhook neither cancel nor are cancelled (each deploys its own
 * environment). Idempotent: cancelling a run twice is harmless.
 */
export function makeCancelSupersededRuns(deps: ActivityDeps) {
  return async function cancelSupersededRuns(input: CancelSupersededRunsInput): Promise<{ cancelled: string[] }> {
    // A deployment run deploys one environment; another environment's deployment of the same task is no newer push.
    if (input.trigger.source === 'deployment') return { cancelled: [] };
    const cancelled = await deps.temporal.gateway.cancelOlderRuns(input);
    if (cancelled.length > 0) log.info('superseded older runs', { cancelled, branch: input.trigger.ref });
    return { cancelled };
  };
}
