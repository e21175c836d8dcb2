import type { Client } from '@temporalio/client';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../activities';
import { ArgoWorkflowWatch } from '../activities/argo-workflow-watch';
import { PipelineStore } from '../activities/pipeline-store';
import type { GitHubGateway } from '../activities/github/gateway';
import type { KubeGateway } from '../activities/kubernetes/gateway';
import type { StarlarkRenderer } from '../activities/load-pipeline';
import type { RunSettings } from '../domain/types';
import type { ContextFolderLimits } from '../domain/context-folder-limits';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface CreateWorkerOptions {
  connection: NativeConnection;
  client: Client;
  namespace: string;
  taskQueue: string;
  temporalUiBase: string;
  github: GitHubGateway;
  kube: KubeGateway;
  settings: RunSettings;
  pipelineFiles: { contextPath: string; yamlFile: string; starlarkFile: string };
  progressIntervalMs?: number;
  maxAnnotations?: number;
  /** rendered pipelines larger than this (JSON bytes) stay out of workflow history; default 256 KiB */
  maxPipelineBytesInHistory?: number;
  /** where large pipelines wait for their submit; default: a store of 32 */
  pipelineStore?: PipelineStore;
  renderStarlark?: StarlarkRenderer;
  /** bounds of `.kube-ci/`, checked on its listing; default DEFAULT_CONTEXT_FOLDER_LIMITS (200 files, 4 MiB, depth 8) */
  contextFolderLimits?: ContextFolderLimits;
  /** a pre-built bundle (tests bundle once per file); default: bundle `workflows/` at start */
  workflowBundle?: { code: string };
  tuning?: Pick<
    WorkerOptions,
    'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'shutdownGraceTime'
  >;
  logger: { error(message: string, meta?: Record<string, unknown>): void };
}

export interface KubeCiWorker {
  worker: Worker;
  /** runs until shutdown; stops the shared Argo watch afterwards */
  run(): Promise<void>;
}

/** Wires gateways, the shared Argo watch and activities into a Temporal worker. */
export async function createWorker(options: CreateWorkerOptions): Promise<KubeCiWorker> {
  const { settings } = options;
  const argoWatch = new ArgoWorkflowWatch(
    options.kube,
    settings.namespace,
    `managedBy=${settings.managedBy}`,
    options.logger,
  );
  const activities = createActivities(
    {
      github: options.github,
      kube: options.kube,
      argoWatch,
      temporal: { client: options.client, namespace: options.namespace, uiBase: options.temporalUiBase },
      settings,
      pipelineFiles: options.pipelineFiles,
      progressIntervalMs: options.progressIntervalMs ?? 5000,
      maxAnnotations: options.maxAnnotations ?? 500,
      maxPipelineBytesInHistory: options.maxPipelineBytesInHistory ?? 256 * 1024,
      pipelineStore: options.pipelineStore ?? new PipelineStore(),
      ...(options.contextFolderLimits ? { contextFolderLimits: options.contextFolderLimits } : {}),
    },
    options.renderStarlark ? { renderStarlark: options.renderStarlark } : {},
  );
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    ...options.tuning,
  });
  return {
    worker,
    async run() {
      argoWatch.start();
      try {
        await worker.run();
      } finally {
        await argoWatch.stop();
      }
    },
  };
}
