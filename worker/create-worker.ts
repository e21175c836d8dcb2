import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../activities';
import type { TemporalGateway } from '../temporal/gateway';
import { ArgoWorkflowWatch, type WatchRestartBackoff } from '../activities/argo-workflow-watch';
import { PipelineStore } from '../activities/pipeline-store';
import type { GitHubGateway } from '../activities/github/gateway';
import type { KubeGateway } from '../activities/kubernetes/gateway';
import type { StarlarkRenderer } from '../activities/load-pipeline';
import { workflowSchemaValidator } from '../activities/argo-schema/workflow-schema';
import type { RunSettings } from '../domain/types';
import { DEFAULT_WORKFLOW_POLICY, type WorkflowPolicy } from '../domain/workflow-policy-types';
import type { ContextFolderLimits } from '../domain/context-folder-limits';
import { DEFAULT_FOLLOW_HEARTBEAT_TIMEOUT_MS } from '../domain/follow-heartbeat';
import type { CommandSettings } from '../activities/deps';
import { runLogFieldsInterceptor } from './run-log-fields';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** The bundle `npm run build` writes beside the compiled code (dist/workflows/); absent in the source tree. */
export const prebuiltWorkflowBundlePath = fileURLToPath(new URL('../workflows/workflow-bundle.js', import.meta.url));

/** For logs and `--check`: the prebuilt bundle's path, or the folder webpack bundles at start. */
export function workflowCodeSource(): string {
  return existsSync(prebuiltWorkflowBundlePath) ? prebuiltWorkflowBundlePath : `${workflowsPath} (bundled at start)`;
}

/** Where the workflow code comes from: the caller's bundle, else the prebuilt one (dist/), else webpack at start. */
function workflowSource(given: { code: string } | undefined): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (given) return { workflowBundle: given };
  if (existsSync(prebuiltWorkflowBundlePath)) return { workflowBundle: { codePath: prebuiltWorkflowBundlePath } };
  return { workflowsPath };
}

export interface CreateWorkerOptions {
  connection: NativeConnection;
  /** the Temporal client calls activities make (cancelling superseded runs, the reconciler's lists) */
  temporal: TemporalGateway;
  namespace: string;
  taskQueue: string;
  temporalUiBase: string;
  github: GitHubGateway;
  kube: KubeGateway;
  settings: RunSettings;
  /** what pipelines may ask of the cluster; default: DEFAULT_WORKFLOW_POLICY (everything risky refused) */
  policy?: WorkflowPolicy;
  pipelineFiles: { contextPath: string; yamlFile: string; starlarkFile: string };
  progressIntervalMs?: number;
  /** default 60 s (KUBECI_FOLLOW_REREAD_INTERVAL) */
  followRereadIntervalMs?: number;
  /** the follow activity's heartbeat timeout; default 60 s (KUBECI_FOLLOW_HEARTBEAT_TIMEOUT, domain/follow-heartbeat.ts) */
  followHeartbeatTimeoutMs?: number;
  /** pauses between restarts of the shared Argo watch after an error (tests shorten them) */
  watchRestartBackoff?: WatchRestartBackoff;
  maxAnnotations?: number;
  /** default 14 days (KUBECI_MANUAL_STEP_WAIT) */
  manualStepWaitMs?: number;
  /** GitHub Deployments per Argo Workflow; default 50 (KUBECI_MAX_DEPLOYMENTS_PER_RUN) */
  maxDeploymentsPerRun?: number;
  /** changed files read per run for path filters and Starlark; default 300 (KUBECI_MAX_CHANGED_FILES) */
  maxChangedFiles?: number;
  /** bound on matching changed files against onPathChange globs; default 1 s (KUBECI_PATH_FILTER_TIMEOUT) */
  pathFilterTimeoutMs?: number;
  /** bounds of each step log read for annotations; default 1 MiB and 10,000 lines */
  podLogBounds?: { limitBytes: number; tailLines: number };
  /** last lines of a failed step's log on its check run; default 20 */
  failedStepLogLines?: number;
  /** rendered pipelines larger than this (JSON bytes) stay out of workflow history; default 256 KiB */
  maxPipelineBytesInHistory?: number;
  /** where large pipelines wait for their submit; default: a store of 32 */
  pipelineStore?: PipelineStore;
  renderStarlark?: StarlarkRenderer;
  /** bounds of `.kube-ci/`, checked on its listing; default DEFAULT_CONTEXT_FOLDER_LIMITS (200 files, 4 MiB, depth 8) */
  contextFolderLimits?: ContextFolderLimits;
  /** `/kube-ci` commands: authorised orgs and setup templates; default none of either */
  commands?: CommandSettings;
  /** a pre-built bundle (tests bundle once per file); default: dist's prebuilt bundle, else bundle `workflows/` at start */
  workflowBundle?: { code: string };
  tuning?: Pick<
    WorkerOptions,
    | 'maxConcurrentActivityTaskExecutions'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxCachedWorkflows'
    | 'shutdownGraceTime'
  >;
  logger: { error(message: string, meta?: Record<string, unknown>): void };
  /** worker plugins, e.g. OpenTelemetry tracing (metrics/tracing.ts) */
  plugins?: WorkerOptions['plugins'];
}

export interface KubeCiWorker {
  worker: Worker;
  /** the worker's shared watch of Argo Workflows */
  argoWatch: ArgoWorkflowWatch;
  /** runs until shutdown; stops the shared Argo watch afterwards */
  run(): Promise<void>;
}

/** Wires gateways, the shared Argo watch and activities into a Temporal worker. */
export async function createWorker(options: CreateWorkerOptions): Promise<KubeCiWorker> {
  const { settings } = options;
  // Compiled now, once per process (~2 s), rather than inside the first run's loadPipeline.
  workflowSchemaValidator();
  const argoWatch = new ArgoWorkflowWatch(
    options.kube,
    settings.namespace,
    `managedBy=${settings.managedBy}`,
    options.logger,
    ...(options.watchRestartBackoff ? [options.watchRestartBackoff] : []),
  );
  const activities = createActivities(
    {
      github: options.github,
      kube: options.kube,
      argoWatch,
      temporal: { gateway: options.temporal, namespace: options.namespace, uiBase: options.temporalUiBase },
      settings,
      policy: options.policy ?? DEFAULT_WORKFLOW_POLICY,
      pipelineFiles: options.pipelineFiles,
      progressIntervalMs: options.progressIntervalMs ?? 5000,
      followRereadIntervalMs: options.followRereadIntervalMs ?? 60_000,
      followHeartbeatTimeoutMs: options.followHeartbeatTimeoutMs ?? DEFAULT_FOLLOW_HEARTBEAT_TIMEOUT_MS,
      maxAnnotations: options.maxAnnotations ?? 500,
      manualStepWaitMs: options.manualStepWaitMs ?? 14 * 86_400_000,
      maxDeploymentsPerRun: options.maxDeploymentsPerRun ?? 50,
      ...(options.maxChangedFiles ? { maxChangedFiles: options.maxChangedFiles } : {}),
      ...(options.pathFilterTimeoutMs ? { pathFilterTimeoutMs: options.pathFilterTimeoutMs } : {}),
      podLogBounds: options.podLogBounds ?? { limitBytes: 1024 * 1024, tailLines: 10_000 },
      failedStepLogLines: options.failedStepLogLines ?? 20,
      maxPipelineBytesInHistory: options.maxPipelineBytesInHistory ?? 256 * 1024,
      pipelineStore: options.pipelineStore ?? new PipelineStore(),
      ...(options.contextFolderLimits ? { contextFolderLimits: options.contextFolderLimits } : {}),
      ...(options.commands ? { commands: options.commands } : {}),
    },
    options.renderStarlark ? { renderStarlark: options.renderStarlark } : {},
  );
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities,
    ...workflowSource(options.workflowBundle),
    interceptors: { activity: [runLogFieldsInterceptor] },
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...options.tuning,
  });
  return {
    worker,
    argoWatch,
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
