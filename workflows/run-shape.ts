import { patched } from '@temporalio/workflow';

/**
 * The shape of a ciRunWorkflow run: which commands it issues, in which order. Read once, at the start of
 * the run (a run keeps its shape for its whole life, whatever worker replays it).
 * - `0.1`: released 0.1. The workflow planned the cache volume and decorated the Argo Workflow itself
 *   (ensureCacheVolume / requireCacheVolume / submitArgoWorkflow), no CheckRunState search attributes.
 * - `0.2`: patch `run-shape-0.2`. One `submitPipeline` activity plans, decorates and submits, and the
 *   workflow follows the name it returns; CheckRunState/CheckRunId are upserted; a cancel cannot
 *   interrupt the submit.
 * Histories of each shape replay in test/workflows/replay.test.ts (released ones under
 * test/fixtures/histories/released-<version>/).
 */
export type RunShape = '0.1' | '0.2';

export const RUN_SHAPE_0_2_PATCH = 'run-shape-0.2';

export function runShape(): RunShape {
  return patched(RUN_SHAPE_0_2_PATCH) ? '0.2' : '0.1';
}
