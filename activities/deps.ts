import type { Client } from '@temporalio/client';
import type { RunSettings } from '../domain/types';
import type { ContextFolderLimits } from '../domain/context-folder-limits';
import type { GitHubGateway } from './github/gateway';
import type { KubeGateway } from './kubernetes/gateway';
import type { ArgoWorkflowWatch } from './argo-workflow-watch';
import type { PipelineStore } from './pipeline-store';

/** Everything activities need from the outside world, built once per worker process (worker/create-worker.ts). */
export interface ActivityDeps {
  github: GitHubGateway;
  kube: KubeGateway;
  /** the worker's one shared watch of Argo Workflows */
  argoWatch: ArgoWorkflowWatch;
  temporal: { client: Client; namespace: string; uiBase: string };
  settings: RunSettings;
  pipelineFiles: { contextPath: string; yamlFile: string; starlarkFile: string };
  /** minimum time between two progress updates of the same check run (status changes go out at once) */
  progressIntervalMs: number;
  /** cap on log annotations per check run (GitHub takes 50 per request; the cap bounds requests) */
  maxAnnotations: number;
  /** rendered pipelines whose JSON is larger than this stay out of workflow history (summarized) */
  maxPipelineBytesInHistory: number;
  /** where those large pipelines wait for their submit */
  pipelineStore: PipelineStore;
  /** bounds of `.kube-ci/`, checked on its listing before any file is read; default DEFAULT_CONTEXT_FOLDER_LIMITS */
  contextFolderLimits?: ContextFolderLimits;
}
