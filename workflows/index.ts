/** Every workflow type this worker runs; this file is the worker's `workflowsPath`. */
export { ciRunWorkflow } from './ci-run';
export { dryRunWorkflow } from './dry-run';
export { reconcileCheckRunsWorkflow } from './reconcile-check-runs';
export { skipManualStepWorkflow } from './skip-manual-step';
export { clearCachesWorkflow } from './clear-caches';
export { commentCommandWorkflow } from './comment-command';
export { slackCommandWorkflow } from './slack-command';
export { refRunWorkflow } from './ref-run';
export { forkNoticeWorkflow } from './fork-notice';
