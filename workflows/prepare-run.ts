/**
 * The first half of a CI run: load the pipeline and decide what to do with the trigger. Either the run ends here
 * (no pipeline, an invalid one, a skip; the check runs that say so made and concluded), or it is ready to create
 * its check run and submit. Shapes up to 0.5 load with an activity and decide in the workflow (decide-run.ts);
 * shape 0.6 loads and decides in one local activity (run-steps.ts, activities/decide-loaded.ts).
 */
import type { LoadPipelineResult } from '../activities/load-pipeline';
import { Failure } from '../domain/failures';
import { publicErrorMessage } from '../domain/public-error-message';
import type { RunDecision } from '../domain/run-decision';
import * as act from './activity-proxies';
import type { CheckRunState } from './check-run-state';
import { runNotes } from './check-run-texts';
import type { CiRunInput, CiRunResult } from './ci-run.messages';
import { decideRunOf, loadedDecisionOf } from './decide-run';
import { failureMessage, failureType, isCancellation } from './failures';
import { reportInvalidPipeline, reportPathSkip, reportSetupFailure } from './report-setup';
import { shapeAtLeast, type RunShape } from './run-shape';
import { loadAndDecideLocally } from './run-steps';

type Found = Extract<LoadPipelineResult, { kind: 'found' }>;

/** A run that goes on to Argo: its pipeline, decision and check-run notes. */
export interface PreparedRun {
  kind: 'ready';
  pipeline: Found;
  decision: Extract<RunDecision, { kind: 'run' }>;
  /** the pipeline's own entrypoint (supersede groups, domain/supersede.ts) */
  pipelineEntrypoint: string | undefined;
  warnings: string[];
  prints: string[];
}

/** Loads the pipeline and decides; `ended` when the run ends before its own check run. */
export async function prepareRun(
  input: CiRunInput,
  { checkRunState, shape }: { checkRunState: CheckRunState; shape: RunShape },
): Promise<PreparedRun | { kind: 'ended'; result: CiRunResult }> {
  const { trigger } = input;
  const setup = { trigger, checkRunState };
  const ended = (result: CiRunResult) => ({ kind: 'ended' as const, result });
  const decides = shapeAtLeast(shape, '0.6');
  let pipeline: LoadPipelineResult;
  try {
    const load = { trigger, ...(input.event ? { event: input.event } : {}) };
    pipeline = decides ? await loadAndDecideLocally({ ...load, decide: true }) : await act.loadPipeline(load);
  } catch (err) {
    if (isCancellation(err)) throw err;
    // GitHub refuses to show the repository's files (e.g. the App lacks Contents: read): say so on GitHub.
    if (failureType(err) === Failure.GitHubPermissionDenied) {
      const reason = `kube-ci cannot read the pipeline: ${failureMessage(err)}`;
      return ended({ outcome: 'failure', reason, checkRunId: await reportSetupFailure(setup, reason) });
    }
    // Retried until its bound and still failing (an engine that keeps crashing on this script, a long outage):
    // the run fails, and the commit shows why instead of showing nothing.
    await reportSetupFailure(setup, `kube-ci could not load the pipeline: ${publicErrorMessage(failureMessage(err))}`);
    throw err;
  }
  if (pipeline.kind === 'none') return ended({ outcome: 'no-pipeline', reason: pipeline.reason });
  const prints = pipeline.prints ?? [];
  if (pipeline.kind === 'invalid') {
    // The original's wording for a pipeline that does not parse; a policy refusal is not a parse error.
    const lead = pipeline.error.reason === 'policy' ? 'pipeline refused' : 'unable to parse workflow';
    const summary = `${lead}, ${pipeline.error.message}`;
    const checkRunId = await reportInvalidPipeline(setup, pipeline.error, summary, runNotes({ prints }));
    return ended({ outcome: 'invalid-pipeline', reason: pipeline.error.message, checkRunId });
  }

  const { decision, pipelineEntrypoint } = decides
    ? loadedDecisionOf(pipeline)
    : { decision: await decideRunOf(trigger, pipeline, shape), pipelineEntrypoint: pipeline.workflow.spec.entrypoint };
  if (decision.kind === 'skip') return ended({ outcome: 'skipped', reason: decision.reason });
  const paths = shapeAtLeast(shape, '0.4') ? pipeline.pathFilter : undefined;
  if (decision.kind === 'invalid') {
    const error = { message: decision.message, file: pipeline.file };
    const checkRunId = await reportInvalidPipeline(setup, error, decision.message, runNotes({ prints }));
    return ended({ outcome: 'invalid-pipeline', reason: decision.message, checkRunId });
  }
  if (paths?.kind === 'skip') {
    const checkRun = { name: decision.checkRunName, externalId: decision.entrypoint };
    const notes = runNotes({ warnings: decision.warnings, prints });
    const checkRunId = await reportPathSkip(setup, checkRun, paths.reason, notes);
    return ended({ outcome: 'skipped', reason: paths.reason, checkRunId });
  }
  const warnings = paths?.kind === 'unchecked' ? [...decision.warnings, paths.reason] : decision.warnings;
  return { kind: 'ready', pipeline, decision, pipelineEntrypoint, warnings, prints };
}
