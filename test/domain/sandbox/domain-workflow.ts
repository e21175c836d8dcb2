/**
 * A workflow module that pulls every kube-ci domain decision into the Temporal workflow bundle.
 * `sandbox-safety.test.ts` bundles it with Temporal's own bundler, which refuses Node built-ins.
 */
import { planCacheVolume } from '../../../domain/cache-volume';
import { checkRunStatusFor, isFinished } from '../../../domain/check-run-status';
import { decorateWorkflow } from '../../../domain/decorate-workflow';
import { workflowIdFor } from '../../../domain/ids';
import { batchAnnotations, parseLogAnnotations } from '../../../domain/log-annotations';
import { podNameFor } from '../../../domain/pod-name';
import { compileRegex } from '../../../domain/regex';
import { decideRun } from '../../../domain/run-decision';
import { parseWebhook } from '../../../domain/webhook-event';
import { Failure } from '../../../domain/failures';
import { fitCheckRunBody } from '../../../domain/github-limits';
import { maskSecrets } from '../../../domain/mask-secrets';
import { publicErrorMessage } from '../../../domain/public-error-message';
import { checkWorkflowPolicy } from '../../../domain/workflow-policy';

export const domainFunctions = [
  planCacheVolume,
  checkRunStatusFor,
  isFinished,
  decorateWorkflow,
  workflowIdFor,
  batchAnnotations,
  parseLogAnnotations,
  podNameFor,
  compileRegex,
  decideRun,
  parseWebhook,
  Failure,
  fitCheckRunBody,
  maskSecrets,
  publicErrorMessage,
  checkWorkflowPolicy,
];

/** Does nothing; its module's imports are what the bundle test checks. */
export async function domainProbeWorkflow(): Promise<number> {
  return domainFunctions.length;
}
