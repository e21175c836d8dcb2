import type { ActivityDeps } from './deps';
import { makeClearCaches } from './clear-caches';
import { makeCommandActivities } from './commands';
import { makeCancelSupersededRuns } from './supersede';
import { makeFinishCheckRun } from './finish-check-run';
import { makePostForkNotice } from './fork-notice';
import { makeFollowArgoWorkflow } from './follow-argo-workflow';
import { makeOfferManualSteps } from './offer-manual-steps';
import { makeLoadPipeline, makeRenderPipeline, type StarlarkRenderer } from './load-pipeline';
import { makeRenderDryRun } from './render-dry-run';
import { makeConcludeAbandonedCheckRuns } from './reconcile-check-runs';
import { makeReportStatus } from './report-status';
import { makeResolveRef } from './resolve-ref';
import { makeRunArgoWorkflow } from './run-argo-workflow';

/**
 * The complete activity surface of the worker, built from injected dependencies. Activity names are
 * persisted in workflow histories: never rename one.
 */
export function createActivities(deps: ActivityDeps, options: { renderStarlark?: StarlarkRenderer } = {}) {
  return {
    loadPipeline: makeLoadPipeline(deps, options.renderStarlark),
    ...makeReportStatus(deps),
    cancelSupersededRuns: makeCancelSupersededRuns(deps),
    ...makeRunArgoWorkflow(deps, makeRenderPipeline(deps, options.renderStarlark)),
    followArgoWorkflow: makeFollowArgoWorkflow(deps),
    finishCheckRun: makeFinishCheckRun(deps),
    offerManualSteps: makeOfferManualSteps(deps),
    renderDryRun: makeRenderDryRun(deps, options.renderStarlark),
    concludeAbandonedCheckRuns: makeConcludeAbandonedCheckRuns(deps),
    ...makeClearCaches(deps),
    ...makeCommandActivities(deps, makeRenderPipeline(deps, options.renderStarlark)),
    resolveRef: makeResolveRef(deps),
    postForkNotice: makePostForkNotice(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
