import { Context } from '@temporalio/activity';
import { manualStepsFor } from '../domain/manual-steps';
import { offeredManualStep } from '../domain/manual-step-check-run';
import type { CiTrigger } from '../domain/types';
import type { ActivityDeps } from './deps';
import { githubTarget } from './github-target';
import { madeBefore, temporalRunUrl } from './report-status';

export interface OfferManualStepsInput {
  trigger: CiTrigger;
  /** the Argo Workflow the run submitted, which succeeded */
  namespace: string;
  name: string;
  /** the repository's default branch, which never gets manual steps */
  defaultBranch: string;
  /** check runs of an earlier run of this activity may exist although this is attempt 1 (report-status.ts) */
  mayExist?: boolean;
}

/** One offered step: its template and the check run that carries its buttons. */
export interface OfferedManualStep {
  template: string;
  checkRunId: number;
  essential: boolean;
}

export interface OfferManualStepsResult {
  steps: OfferedManualStep[];
  /** for the run's check run, as `**WARNING:** …` lines */
  warnings: string[];
  /** how long the run waits for the buttons (KUBECI_MANUAL_STEP_WAIT) */
  waitMs: number;
}

/**
 * After the run's workflow succeeded: the templates that become manual steps (domain/manual-steps.ts, from the
 * Argo Workflow as submitted) and their check runs, created completed with Run / Skip buttons. Each check run's
 * details URL is this run's page in the Temporal Web UI: a button press finds its run from it, and a retried
 * attempt finds the check runs an earlier attempt made (name + details URL) instead of making them again.
 */
export function makeOfferManualSteps(deps: ActivityDeps) {
  return async function offerManualSteps(input: OfferManualStepsInput): Promise<OfferManualStepsResult> {
    const workflowId = Context.current().info.workflowExecution?.workflowId;
    if (!workflowId) throw new Error('offerManualSteps runs only inside a workflow');
    const waitMs = deps.manualStepWaitMs;
    const workflow = await deps.kube.getWorkflow(input.namespace, input.name);
    if (!workflow) return { steps: [], warnings: [], waitMs };
    const decision = manualStepsFor({
      workflow,
      entrypoint: workflow.spec.entrypoint ?? '',
      branch: input.trigger.ref,
      defaultBranch: input.defaultBranch,
      settings: deps.settings,
    });
    const at = githubTarget(input.trigger);
    const detailsUrl = temporalRunUrl(deps, workflowId);
    const steps: OfferedManualStep[] = [];
    for (const { template, essential } of decision.steps) {
      const checkRun = offeredManualStep(template, essential);
      const mine = await madeBefore(deps, at, input.trigger.sha, checkRun.name, detailsUrl, input.mayExist);
      const id =
        mine?.id ??
        (
          await deps.github.createCheckRun(at, {
            ...checkRun,
            headSha: input.trigger.sha,
            externalId: template,
            detailsUrl,
          })
        ).id;
      steps.push({ template, checkRunId: id, essential });
    }
    return { steps, warnings: decision.warnings, waitMs };
  };
}
