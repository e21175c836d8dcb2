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
  /**
   * Whether the person who pressed a re-run or Run button (`trigger.sender`) may bypass the branch, draft and
   * fork rules: write, maintain or admin, or an `authorisedOrgs` member (activities/commands/check-authorised.ts).
   * Unset: not asked yet; a press that the rules would refuse is then a `skip` with `askAuthorisation`.
   * Runs of shapes before 0.4 pass `legacy` (the rules of their time: re-runs always under policy, Run presses
   * never), so a replayed run decides as it did.
   */
  authorised?: boolean | 'legacy';
}

/**
 * What to do with a trigger once the pipeline is loaded.
 * - `run`: create the check run `checkRunName` (external id `entrypoint`) and submit `workflow`.
 * - `skip`: create no check run (G12: a branch that policy excludes is not a red cross).
 * - `invalid`: create a failed `Default Workflow` check run with `message`.
 */
export type RunDecision =
  | { kind: 'run'; entrypoint: string; checkRunName: string; workflow: ArgoWorkflow; warnings: string[] }
  /** `askAuthorisation`: a press refused by the rules; decide again once `authorised` is known */
  | { kind: 'skip'; reason: string; askAuthorisation?: true }
  | { kind: 'invalid'; checkRunName: typeof DEFAULT_CHECK_RUN_NAME; message: string };

/** Triggers nobody asked for: always subject to runForBranch/runForTag, policy and path filters. */
const AUTOMATIC_SOURCES: ReadonlySet<TriggerSource> = new Set<TriggerSource>([
  'check_suite',
  'pull_request',
  'tag',
  'merge_group',
]);

/**
 * Presses on GitHub (Re-run all, Re-run, a manual step's Run): subject to the same rules unless the person who
 * pressed is authorised (G12: the rejection message promises that they may run it by hand).
 */
const PRESSED_SOURCES: ReadonlySet<TriggerSource> = new Set<TriggerSource>([
  'check_suite_rerequested',
  'check_run_rerequested',
  'check_run_action',
]);

/** Shapes before 0.4: re-runs were automatic (never bypassed), Run presses explicit (always bypassed). */
const LEGACY_AUTOMATIC: ReadonlySet<TriggerSource> = new Set<TriggerSource>([
  ...AUTOMATIC_SOURCES,
  'check_suite_rerequested',
  'check_run_rerequested',
]);

/**
 * True for triggers nobody asked for: only these are path-filtered. Commands, deployments, the API and presses
 * on GitHub are asked for by someone, and run whatever changed.
 */
export function isAutomaticTrigger(trigger: Pick<CiTrigger, 'source'>): boolean {
  return AUTOMATIC_SOURCES.has(trigger.source);
}

/** Whether the branch, draft and fork rules and runForBranch/runForTag hold for this trigger. */
function rulesHold(source: TriggerSource, authorised: DecideRunInput['authorised']): boolean {
  if (authorised === 'legacy') return LEGACY_AUTOMATIC.has(source);
  return AUTOMATIC_SOURCES.has(source) || (PRESSED_SOURCES.has(source) && authorised !== true);
}

/**
 * `workflow.go: runWorkflow` steps 2–10 (SPEC B 7.2) as one pure decision.
 *
 * Differences from the original, per SPEC A2:
 * - G12: policy (branch, draft, fork rules) applies to automatic triggers (check suites, pull requests, tags,
 *   merge groups), and to presses on GitHub (Re-run, Re-run all, Run) unless the person who pressed is
 *   authorised; a rejection is a `skip`, not a failed check run. Commands (authorised by their own workflow),
 *   deployments and the API bypass it.
 * - G51: likewise `runForBranch`/`runForTag`.
 * - Policy is decided before the entrypoint is checked, so an excluded branch with a broken
 *   entrypoint stays silent instead of getting a red check.
 * - G3: a bad `deployTemplates` annotation, and deploy templates without the `environmentParameter` input,
 *   are warnings on the check run (`deployTemplateWarnings`), never a crash.
 */
export function decideRun({ trigger, workflow, settings, authorised, ...asked }: DecideRunInput): RunDecision {
  const deployment = asked.deployment ?? trigger.deployment;
  const refRule = runForRef(workflow, trigger.refType, settings.annotationPrefix);
  if (rulesHold(trigger.source, authorised)) {
    // A press the rules refuse may still run: ask whether the person who pressed may bypass them.
    const skip = (reason: string): RunDecision =>
      PRESSED_SOURCES.has(trigger.source) && authorised === undefined
        ? { kind: 'skip', reason, askAuthorisation: true }
        : { kind: 'skip', reason };
    if (!refRule.run) {
      const which = trigger.refType === 'tag' ? 'runForTag' : 'runForBranch';
      return skip(`the pipeline does not run for ${trigger.refType} ${trigger.ref} (${which})`);
    }
    const verdict = policy({
      // a merge queue's commit is checked against the branch it merges into (domain/ref-events.ts)
      headRef: trigger.mergeGroup?.baseRef ?? trigger.ref,
      pullRequests: trigger.pullRequests,
      buildBranches: settings.buildBranches,
      buildDraftPRs: settings.buildDraftPRs,
    });
    if (verdict.kind === 'reject') return skip(verdict.message);
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
