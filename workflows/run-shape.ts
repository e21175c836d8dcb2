import { patched } from '@temporalio/workflow';

/**
 * The shape of a ciRunWorkflow run: which commands it issues, in which order. Read once, at the start of
 * the run (a run keeps its shape for its whole life, whatever worker replays it).
 * - `0.1`: released 0.1. The workflow planned the cache volume and decorated the Argo Workflow itself
 *   (ensureCacheVolume / requireCacheVolume / submitArgoWorkflow), no CheckRunState search attributes.
 * - `0.2`: patch `run-shape-0.2`. One `submitPipeline` activity plans, decorates and submits, and the
 *   workflow follows the name it returns; CheckRunState/CheckRunId are upserted; a cancel cannot
 *   interrupt the submit.
 * - `0.3`: patch `run-shape-0.3`. After a successful workflow the run offers manual steps
 *   (`offerManualSteps`) before `finishCheckRun`, and waits for their buttons (workflows/manual-steps.ts);
 *   a run of a manual step marks an essential step's check run `success` when it succeeds.
 * - `0.4`: patch `run-shape-0.4`. A pipeline whose `onPathChange` globs match none of the change's files
 *   (loadPipeline's `pathFilter` verdict) concludes its check run `skipped` with the reason, before any
 *   superseding, cache or submit; a filter that cannot decide (list cut or absent) is a warning on the run's
 *   check run. A press on GitHub (Re-run, Re-run all, Run) that the branch, draft or fork rules refuse asks
 *   `checkAuthorised` once and runs when the person who pressed may bypass them (workflows/decide-run.ts).
 * - `0.5`: patch `run-shape-0.5`. Fewer workflow tasks (issue 10): the short, idempotent steps between the
 *   loaded pipeline and the followed Argo Workflow (cancelSupersededRuns, createCheckRun, submitPipeline) and
 *   offerManualSteps run as local activities (workflows/run-steps.ts), and offerManualSteps is called only when
 *   submitPipeline says the submitted workflow has manual steps (or warnings about them) to offer.
 * - `0.6`: patch `run-shape-0.6`. The decision comes from the pipeline-loading activity (`loadPipeline` with
 *   `decide: true`, activities/decide-loaded.ts; it asks checkAuthorised itself), not from the sandbox, and
 *   loadPipeline runs as a local activity (run-steps.ts): the whole way to the Argo Workflow is one workflow task.
 *   cancelSupersededRuns runs alongside the check-run create and the submit instead of before them, and its
 *   failure is a warning on the check run.
 * Histories of each shape replay in test/workflows/replay.test.ts (released ones under
 * test/fixtures/histories/released-<version>/).
 */
export type RunShape = '0.1' | '0.2' | '0.3' | '0.4' | '0.5' | '0.6';

export const RUN_SHAPE_0_2_PATCH = 'run-shape-0.2';
export const RUN_SHAPE_0_3_PATCH = 'run-shape-0.3';
export const RUN_SHAPE_0_4_PATCH = 'run-shape-0.4';
export const RUN_SHAPE_0_5_PATCH = 'run-shape-0.5';
export const RUN_SHAPE_0_6_PATCH = 'run-shape-0.6';

/** Newest first: a new run records only the newest marker; a replayed one finds the marker it recorded. */
export function runShape(): RunShape {
  if (patched(RUN_SHAPE_0_6_PATCH)) return '0.6';
  if (patched(RUN_SHAPE_0_5_PATCH)) return '0.5';
  if (patched(RUN_SHAPE_0_4_PATCH)) return '0.4';
  if (patched(RUN_SHAPE_0_3_PATCH)) return '0.3';
  return patched(RUN_SHAPE_0_2_PATCH) ? '0.2' : '0.1';
}

/** True for shapes at or after `shape`. */
export function shapeAtLeast(current: RunShape, shape: RunShape): boolean {
  return SHAPES.indexOf(current) >= SHAPES.indexOf(shape);
}

const SHAPES: readonly RunShape[] = ['0.1', '0.2', '0.3', '0.4', '0.5', '0.6'];
