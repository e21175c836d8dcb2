import { Context } from '@temporalio/activity';
import { DEFAULT_CHECK_RUN_NAME } from '../domain/run-decision';
import type { CiTrigger } from '../domain/types';
import { reportDeploymentNotRun } from './deployments/report-not-run';
import type { ActivityDeps } from './deps';
import type { CheckRunOutput, CheckRunSummary, InstallationRepo, UpdateCheckRunParams } from './github/gateway';
import { githubTarget } from './github-target';
import { countRunConclusion, runConclusionOf } from './run-metrics';

export interface CreateCheckRunInput {
  trigger: CiTrigger;
  name: string;
  /** the template name, as the original stores it (manual steps read it back) */
  externalId?: string;
  output: CheckRunOutput;
  /**
   * An earlier run of this activity may have made it although this is attempt 1: a local activity run again
   * because its workflow task never completed (workflows/run-steps.ts). Then it looks first, as a retry does.
   */
  mayExist?: boolean;
}

export interface UpdateCheckRunInput extends UpdateCheckRunParams {
  trigger: CiTrigger;
  checkRunId: number;
}

/**
 * On a retried attempt (or when `mayExist`), the check run of `name` on `sha` an earlier attempt of this
 * activity made (it names `detailsUrl`); on the first attempt nothing, without asking GitHub: nothing can
 * have been made yet.
 */
export async function madeBefore(
  deps: ActivityDeps,
  at: InstallationRepo,
  sha: string,
  name: string,
  detailsUrl: string,
  mayExist = false,
): Promise<CheckRunSummary | undefined> {
  if (Context.current().info.attempt <= 1 && !mayExist) return undefined;
  const existing = await deps.github.listCheckRunsForRef(at, sha, name);
  return existing.find((run) => run.detailsUrl === detailsUrl);
}

/** The run's page in the Temporal Web UI: the check run links here until the Argo Workflow exists. */
export function temporalRunUrl(deps: ActivityDeps, workflowId: string): string {
  const { uiBase, namespace } = deps.temporal;
  return `${uiBase}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** A line for the check-run text linking the calling activity's run in the Temporal Web UI. */
export function runHistoryLine(deps: ActivityDeps): string | undefined {
  const workflowId = Context.current().info.workflowExecution?.workflowId;
  return workflowId ? `[Run history in Temporal](${temporalRunUrl(deps, workflowId)})` : undefined;
}

export function makeReportStatus(deps: ActivityDeps) {
  /**
   * Creates the run's check run, queued. Idempotency: the details URL names this Temporal run, so a retry
   * after a lost response finds the check run it made instead of making a second one. The first attempt
   * creates at once: a run creates each check run once, and no retry plugin repeats a request inside an
   * attempt, so only a retried attempt can find one it made (issue 10: no list before a create but on a retry).
   */
  async function createCheckRun(input: CreateCheckRunInput): Promise<{ id: number }> {
    const workflowId = Context.current().info.workflowExecution?.workflowId;
    if (!workflowId) throw new Error('createCheckRun runs only inside a workflow');
    const detailsUrl = temporalRunUrl(deps, workflowId);
    const at = githubTarget(input.trigger);
    const mine = await madeBefore(deps, at, input.trigger.sha, input.name, detailsUrl, input.mayExist);
    if (mine) return { id: mine.id };
    const created = await deps.github.createCheckRun(at, {
      name: input.name,
      headSha: input.trigger.sha,
      detailsUrl,
      status: 'queued',
      output: input.output,
      ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
    });
    return { id: created.id };
  }

  /** Sends one check-run update. Idempotent as long as it carries no annotations (GitHub appends those). */
  async function updateCheckRun({ trigger, checkRunId, ...params }: UpdateCheckRunInput): Promise<void> {
    // a run that failed before it could run: the deployment that asked for it hears so (G10)
    if (params.name === DEFAULT_CHECK_RUN_NAME && params.conclusion === 'failure') {
      const workflowId = Context.current().info.workflowExecution?.workflowId;
      await reportDeploymentNotRun(deps, trigger, {
        why: params.output?.summary ?? 'the run could not start',
        logUrl: workflowId ? temporalRunUrl(deps, workflowId) : undefined,
      });
    }
    await deps.github.updateCheckRun(githubTarget(trigger), checkRunId, params);
    const conclusion = runConclusionOf(params);
    if (conclusion) countRunConclusion(trigger, conclusion);
  }

  return { createCheckRun, updateCheckRun };
}
