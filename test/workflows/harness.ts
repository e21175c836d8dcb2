import { Client, type WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { createTemporalGateway, type TemporalGateway } from '../../temporal/gateway';
import type { CiTrigger } from '../../domain/types';
import type { ciRunWorkflow } from '../../workflows';
import { startTestTemporal, type TestTemporal } from '../support/temporal';
import { triggerWith } from '../domain/fixtures';
import { installQuietRuntime, silentBundlerLogger } from '../support/quiet-temporal';
import { sharedWorkflowBundle } from '../support/workflow-bundle';

export type CiRunHandle = WorkflowHandle<typeof ciRunWorkflow>;

export interface WorkflowHarness {
  temporal: TestTemporal;
  client: Client;
  /** `workflows/` bundled once for the whole run (test/support/workflow-bundle.ts) */
  bundle: { code: string };
  close(): Promise<void>;
}

export interface WorkerScope {
  taskQueue: string;
  /** starts a run exactly as the API does (workflow id, search attributes, reuse policy) */
  start(trigger?: CiTrigger): Promise<CiRunHandle>;
  /** the API's gateway on this worker's task queue (button presses, …) */
  gateway: TemporalGateway;
}

export { installQuietRuntime, silentBundlerLogger };

/** A real Temporal dev server and the workflow bundle, shared by the tests of one file. */
export async function startWorkflowHarness(): Promise<WorkflowHarness> {
  installQuietRuntime();
  const [temporal, bundle] = await Promise.all([startTestTemporal(), sharedWorkflowBundle()]);
  const client = new Client({ connection: temporal.connection });
  return { temporal, client, bundle, close: () => temporal.close() };
}

let sequence = 0;

/** A trigger whose check suite (and so workflow id) is new to this server. */
export function freshTrigger(overrides: Partial<CiTrigger> = {}): CiTrigger {
  sequence += 1;
  return triggerWith({ checkSuiteId: 700_000 + sequence, deliveryId: `delivery-${sequence}`, ...overrides });
}

/**
 * Runs `body` with a new worker on its own task queue serving `activities`; the worker is shut down
 * (after in-flight fake activities return) when `body` settles.
 */
export async function withWorker<T>(
  harness: WorkflowHarness,
  activities: Activities,
  body: (scope: WorkerScope) => Promise<T>,
): Promise<T> {
  sequence += 1;
  const taskQueue = `ci-run-test-${sequence}-${Date.now()}`;
  const worker = await Worker.create({
    connection: harness.temporal.nativeConnection,
    namespace: 'default',
    taskQueue,
    activities,
    workflowBundle: harness.bundle,
  });
  const gateway = createTemporalGateway({ connection: harness.temporal.connection, namespace: 'default', taskQueue });
  const scope: WorkerScope = {
    taskQueue,
    gateway,
    async start(trigger = freshTrigger()) {
      const { workflowId, started } = await gateway.startCiRun({
        trigger,
        runKey: `suite-${trigger.checkSuiteId ?? sequence}`,
      });
      if (!started) throw new Error(`workflow ${workflowId} already existed`);
      return harness.client.workflow.getHandle<typeof ciRunWorkflow>(workflowId);
    },
  };
  return await worker.runUntil(() => body(scope));
}
