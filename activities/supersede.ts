import { log } from '@temporalio/activity';
import type { CiTrigger } from '../domain/types';
import type { ActivityDeps } from './deps';

export interface CancelSupersededRunsInput {
  trigger: CiTrigger;
  workflowId: string;
  startedAtMs: number;
}

const keyword = (attrs: Record<string, unknown> | undefined, name: string): unknown => {
  const value = attrs?.[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * A newer push supersedes older runs of the same entrypoint on the same branch (SPEC A2/G35): they are
 * cancelled through Temporal, and each cancelled run stops its own Argo Workflow and concludes its check
 * run `cancelled`. Manual and deploy steps have other entrypoints and are left alone; runs asked for by a
 * `deployment` webhook neither cancel nor are cancelled (each deploys its own environment). Idempotent:
 * cancelling a run twice is harmless.
 */
export function makeCancelSupersededRuns(deps: ActivityDeps) {
  return async function cancelSupersededRuns(input: CancelSupersededRunsInput): Promise<{ cancelled: string[] }> {
    const { trigger } = input;
    // A deployment run deploys one environment; another environment's deployment of the same task is no newer push.
    if (trigger.source === 'deployment') return { cancelled: [] };
    const entrypoint = trigger.entrypoint || 'default';
    // Repo names are [A-Za-z0-9._-]; branch names may hold quotes, so branch and entrypoint are compared here.
    const query = `WorkflowType = 'ciRunWorkflow' AND ExecutionStatus = 'Running' AND Repo = '${trigger.repo.owner}/${trigger.repo.name}'`;
    const cancelled: string[] = [];
    for await (const run of deps.temporal.client.workflow.list({ query })) {
      const attrs = run.searchAttributes as Record<string, unknown> | undefined;
      if (run.workflowId === input.workflowId || keyword(attrs, 'Trigger') === 'deployment') continue;
      if (keyword(attrs, 'Branch') !== trigger.ref || keyword(attrs, 'Entrypoint') !== entrypoint) continue;
      if (run.startTime.getTime() >= input.startedAtMs) continue;
      await deps.temporal.client.workflow.getHandle(run.workflowId, run.runId).cancel();
      cancelled.push(run.workflowId);
    }
    if (cancelled.length > 0) log.info('superseded older runs', { cancelled, branch: trigger.ref });
    return { cancelled };
  };
}
