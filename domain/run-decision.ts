import { deployTemplateWarnings } from './deploy-templates';
import { policy } from './policy';
import { runForRef } from './run-for-ref';
import { setupEntrypoint, type DeploymentRequest } from './setup-entrypoint';
import type { ArgoWorkflow, CiTrigger, RunSettings, TriggerSource } from './types';

/** Name of the check run used when the pipeline cannot be set up (SPEC B 7.2 step 4). */
export const DEFAULT_CHECK_RUN_NAME = 'Default Workflow';

/** Input of {@link decideRun}. */
export interface DecideRunInput {
  trigger: CiTrigger;
  /** the parsed pipeline, before decoration */
  workflow: ArgoWorkflow;
  settings: RunSettings;
  /** set for runs asked for by a `deployment` webhook; default `trigger.deployment` */
  deployment?: DeploymentRequest | undefined;
}

/**
 * What to do with a trigger once the pipeline is loaded.
 * - `run`: create the check run `checkRunName` (external id `entrypoint`) and submit `workflow`.
 * - `skip`: create no check run (G12: a branch that policy excludes is not a red cross).
 * - `invalid`: create a failed `Default Workflow` check run with `message`.
 */
export type RunDecision =
  | { kind: 'run'; entrypoint: string; checkRunName: string; workflow: ArgoWorkflow; warnings: string[] }
  | { kind: 'skip'; reason: string }
  | { kind: 'invalid'; checkRunName: typeof DEFAULT_CHECK_RUN_NAME; message: string };

/** Triggers nobody asked for explicitly; only these are subject to runForBranch/runForTag and policy. */
const AUTOMATIC_SOURCES: ReadonlySet<TriggerSource> = new Set<TriggerSource>([
  'check_suite',
  'check_suite_rerequested',
  'check_run_rerequested',
  'pull_request',
  'tag',
  'merge_group',
]);

/** True for triggers nobody asked for explicitly: these are subject to runForBranch/runForTag, policy and path filters. */
export function isAutomaticTrigger(trigger: Pick<CiTrigger, 'source'>): boolean {
  return AUTOMATIC_SOURCES.has(trigger.source);
}

/**
 * `workflow.go: runWorkflow` steps 2–10 (SPEC B 7.2) as one pure decision.
 *
 * Differences from the original, per SPEC A2:
 * - G12: policy (branch, draft, fork rules) applies only to automatic triggers (check suites, their
 *   re-requests, pull requests, tags, merge groups); a rejection is a `skip`, not a failed check run. Explicit
 *   triggers (Run button, `/kube-ci run`, deployments, the API) bypass it.
 * - G51: likewise `runForBranch`/`runForTag` only gate automatic triggers.
 * - Policy is decided before the entrypoint is checked, so an excluded branch with a broken
 *   entrypoint stays silent instead of getting a red check.
 * - G3: a bad `deployTemplates` annotation, and deploy templates without the `environmentParameter` input,
 *   are warnings on the check run (`deployTemplateWarnings`), never a crash.
 */
export function decideRun({ trigger, workflow, settings, ...asked }: DecideRunInput): RunDecision {
  const deployment = asked.deployment ?? trigger.deployment;
  const automatic = AUTOMATIC_SOURCES.has(trigger.source);
  const refRule = runForRef(workflow, trigger.refType, settings.annotationPrefix);
  if (automatic) {
    if (!refRule.run) {
      const which = trigger.refType === 'tag' ? 'runForTag' : 'runForBranch';
      return { kind: 'skip', reason: `the pipeline does not run for ${trigger.refType} ${trigger.ref} (${which})` };
    }
    const verdict = policy({
      // a merge queue's commit is checked against the branch it merges into (domain/ref-events.ts)
      headRef: trigger.mergeGroup?.baseRef ?? trigger.ref,
      pullRequests: trigger.pullRequests,
      buildBranches: settings.buildBranches,
      buildDraftPRs: settings.buildDraftPRs,
    });
    if (verdict.kind === 'reject') return { kind: 'skip', reason: verdict.message };
  }
  const setup = setupEntrypoint({
    entrypoint: trigger.entrypoint,
    workflow,
    settings,
    ...(deployment ? { deployment } : {}),
  });
  if (!setup.ok) {
    return {
      kind: 'invalid',
      checkRunName: DEFAULT_CHECK_RUN_NAME,
      message: `error finding workflow endpoint, ${setup.message}`,
    };
  }
  const suffix = deployment ? ' (deployment)' : '';
  return {
    kind: 'run',
    entrypoint: setup.entrypoint,
    checkRunName: `Workflow - ${setup.entrypoint}${suffix}`,
    workflow: setup.workflow,
    warnings: [...refRule.warnings, ...deployTemplateWarnings(workflow, settings)],
  };
}
