import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createKubeGateway } from '../activities/kubernetes/client-gateway';
import type { ArgoWorkflow } from '../domain/types';
import { buildAndTest } from '../test/e2e/pipelines';
import type { Stack } from '../test/e2e/stack';
import { kubeConfigForFake } from '../test/fakes/kube/kubeconfig';
import { createBaselineActivities } from './baseline-activities';
import type { baselineSubmitWorkflow } from './baseline-workflow';
import { runPool } from './stats';
import type { WorkflowAddedClock } from './workflow-added-clock';
import { silentBundlerLogger } from '../test/support/quiet-temporal';

export const baselineTaskQueue = 'kube-ci-bench-baseline';

export interface BaselineRunSample {
  workflowId: string;
  /** client.workflow.start called → it returned (the analogue of the webhook's 202) */
  startResponseMs: number;
  /** start called → the fake API server committed the Argo Workflow */
  toWorkflowAddedMs: number;
  /** start called → the workflow's result arrived */
  toCompletedMs: number;
}

export interface BaselineWorker {
  stop(): Promise<void>;
}

/** A second worker in the same process, same Temporal server and same fake Kubernetes, its own task queue. */
export async function startBaselineWorker(stack: Stack): Promise<BaselineWorker> {
  const workflowsPath = fileURLToPath(new URL('./baseline-workflow.ts', import.meta.url));
  const workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: silentBundlerLogger });
  const worker = await Worker.create({
    connection: stack.temporal.nativeConnection,
    namespace: 'default',
    taskQueue: baselineTaskQueue,
    workflowBundle,
    activities: createBaselineActivities(createKubeGateway(kubeConfigForFake(stack.kube))),
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

let baselineCounter = 0;

/** The same pipeline the kube-ci runs submit, named and annotated by the caller instead of by kube-ci. */
function baselineArgoWorkflow(sha: string): ArgoWorkflow {
  const workflow = parse(buildAndTest) as ArgoWorkflow;
  const { generateName: _generated, ...metadata } = workflow.metadata;
  workflow.metadata = {
    ...metadata,
    name: `bench-baseline-${baselineCounter++}-${sha.slice(0, 8)}`,
    namespace: 'argo',
    labels: { managedBy: 'bench-baseline' },
    annotations: { ...metadata.annotations, 'kube-ci.qutics.com/sha': sha },
  };
  return workflow;
}

async function oneRun(stack: Stack, clock: WorkflowAddedClock): Promise<BaselineRunSample> {
  const sha = randomBytes(20).toString('hex');
  const workflow = baselineArgoWorkflow(sha);
  const added = clock.added(sha);
  const startedAt = performance.now();
  const handle = await stack.client.workflow.start<typeof baselineSubmitWorkflow>('baselineSubmitWorkflow', {
    taskQueue: baselineTaskQueue,
    workflowId: `bench-baseline/${sha}`,
    args: [{ namespace: 'argo', workflow }],
  });
  const answeredAt = performance.now();
  const { atMs } = await added;
  await handle.result();
  return {
    workflowId: handle.workflowId,
    startResponseMs: answeredAt - startedAt,
    toWorkflowAddedMs: atMs - startedAt,
    toCompletedMs: performance.now() - startedAt,
  };
}

export async function runBaselinePhase(stack: Stack, clock: WorkflowAddedClock, runs: number, concurrency: number) {
  const startedAt = performance.now();
  const samples = await runPool(runs, concurrency, () => oneRun(stack, clock));
  return { samples, wallClockMs: performance.now() - startedAt };
}
