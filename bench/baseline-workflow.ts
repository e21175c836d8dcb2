/**
 * The baseline's Temporal workflow: the least a Temporal + Kubernetes system does to turn a request into
 * an Argo Workflow — one activity that creates it. Bundled into the sandbox on its own task queue.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { ArgoWorkflow } from '../domain/types';
import type { BaselineActivities } from './baseline-activities';

const { createArgoWorkflow } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function baselineSubmitWorkflow(input: { namespace: string; workflow: ArgoWorkflow }): Promise<string> {
  return (await createArgoWorkflow(input)).name;
}
