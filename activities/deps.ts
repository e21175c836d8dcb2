import type { TemporalGateway } from '../temporal/gateway';
import type { RunSettings } from '../domain/types';
import type { WorkflowPolicy } from '../domain/workflow-policy-types';
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
  temporal: { gateway: TemporalGateway; namespace: string; uiBase: string };
  settings: RunSettings;
  /** what a pipeline may ask of the cluster, checked when it is loaded (domain/workflow-policy.ts) */
  policy: WorkflowPolicy;
  pipelineFiles: { contextPath: string; yamlFile: string; starlarkFile: string };
  /** minimum time between two progress updates of the same check run (status changes go out at once) */
  progressIntervalMs: number;
  /** a follower re-reads its Argo Workflow this often, whatever the shared watch says (it may be down) */
  followRereadIntervalMs: number;
  /** the follow activity's heartbeat timeout, handed to the workflow in submitPipeline's result (domain/follow-heartbeat.ts) */
  followHeartbeatTimeoutMs?: number;
  /** how long a run waits for its manual steps' buttons (KUBECI_MANUAL_STEP_WAIT) */
  manualStepWaitMs: number;
  /** cap on log annotations per check run (GitHub takes 50 per request; the cap bounds requests) */
  maxAnnotations: number;
  /** at most this many GitHub Deployments per Argo Workflow (KUBECI_MAX_DEPLOYMENTS_PER_RUN) */
  maxDeploymentsPerRun?: number;
  /** `limitBytes`/`tailLines` of each step log read for annotations (KUBECI_POD_LOG_*) */
  podLogBounds: { limitBytes: number; tailLines: number };
  /** last lines of a failed step's log shown on its check run (KUBECI_FAILED_STEP_LOG_LINES; 0 = none) */
  failedStepLogLines: number;
  /** rendered pipelines whose JSON is larger than this stay out of workflow history (summarized) */
  maxPipelineBytesInHistory: number;
  /** where those large pipelines wait for their submit */
  pipelineStore: PipelineStore;
  /** changed files read per run for path filters and Starlark (KUBECI_MAX_CHANGED_FILES); default 300, GitHub's cap */
  maxChangedFiles?: number;
  /** bound on matching changed files against onPathChange globs (KUBECI_PATH_FILTER_TIMEOUT); default 1 s */
  pathFilterTimeoutMs?: number;
  /** bounds of `.kube-ci/`, checked on its listing before any file is read; default DEFAULT_CONTEXT_FOLDER_LIMITS */
  contextFolderLimits?: ContextFolderLimits;
  /** `/kube-ci` commands: orgs whose members may run them (KUBECI_AUTHORISED_ORGS) and the setup templates */
  commands?: CommandSettings;
}

/** What `/kube-ci` commands need from configuration (config `authorisedOrgs`, `templates`). */
export interface CommandSettings {
  authorisedOrgs: string[];
  /** name → description and `ci`, the template file's path on the worker */
  templates: Record<string, { description: string; ci: string }>;
}
