/**
 * Plain data shared by domain/, workflows/, activities/ and api/. No behaviour here.
 * Everything in this file is serialisable: it crosses the Temporal boundary.
 */

export interface RepoRef {
  owner: string;
  name: string;
}

/** What kube-ci needs to know about a repository (from `GET /repos/{owner}/{repo}`). */
export interface RepoInfo extends RepoRef {
  /** `ssh_url` */
  sshUrl: string;
  /** `git_url` */
  gitUrl: string;
  /** `clone_url` */
  cloneUrl: string;
  /** `default_branch`; `main` when GitHub gives none */
  defaultBranch: string;
  htmlUrl: string;
}

/** What a webhook's `repository` object tells beyond owner and name: a run with it asks GitHub nothing more. */
export type RepoDetails = Omit<RepoInfo, keyof RepoRef>;

/** A pull request as far as policy and parameters need it; minimal PR objects leave optional fields out. */
export interface PullRequestInfo {
  number: number;
  headRef: string;
  headSha: string;
  baseRef: string;
  /** `head.repo.url`; differs from `baseRepoUrl` for fork PRs */
  headRepoUrl: string;
  baseRepoUrl: string;
  draft?: boolean;
  title?: string;
  htmlUrl?: string;
}

export type RefType = 'branch' | 'tag';

/** Which webhook (or API call) asked for the run. Stored as the `Trigger` search attribute. */
export type TriggerSource =
  | 'check_suite'
  | 'check_suite_rerequested'
  | 'check_run_rerequested'
  | 'check_run_action'
  | 'pull_request'
  | 'tag'
  | 'merge_group'
  | 'deployment'
  | 'slash_command'
  | 'api';

/** Everything a CI run is about. Carries no secrets: the installation id, never a token. */
export interface CiTrigger {
  source: TriggerSource;
  installationId: number;
  repo: RepoRef;
  sha: string;
  /** branch or tag name */
  ref: string;
  refType: RefType;
  /** requested entrypoint; '' = the pipeline's own `spec.entrypoint` */
  entrypoint: string;
  pullRequests: PullRequestInfo[];
  /** `X-GitHub-Delivery` of the webhook that asked, for logs and idempotency of explicit re-runs */
  deliveryId: string;
  /** login of whoever caused the event */
  sender: string;
  /** GitHub's check suite id, when the trigger came from one */
  checkSuiteId?: number;
  /** the deployment a `deployment` webhook asked for: the run reports to it (G10) */
  deployment?: DeploymentRequest;
  /**
   * When GitHub saw the commit arrive on the ref (ISO 8601: the check suite's `created_at`, the pull request's
   * `updated_at` of a synchronize). Orders pushes for superseding: a late delivery of an older push never cancels
   * a newer commit's run (domain/supersede.ts). Absent: runs are ordered by their start time.
   */
  pushedAt?: string;
  /** set for `merge_group` runs: the branch the queue merges into, which policy checks (domain/merge-group-event.ts) */
  mergeGroup?: { baseRef: string };
  /**
   * The webhook's `repository` (default branch, clone URLs), so loading the pipeline needs no
   * `GET /repos/{owner}/{repo}` (issue 10). Absent (older triggers, the HTTP API, commands): it is read.
   */
  repository?: RepoDetails;
}

/**
 * A trigger whose commit is not known yet: a ref to resolve first (a tag's `create` event carries no sha; Slack's
 * `/ci-build org/repo ref`). workflows/ref-run.ts resolves it and starts the run.
 */
export type RefTrigger = Omit<CiTrigger, 'sha'>;

/** The deployment a run was asked for by a `deployment` webhook (SPEC B 4.9, 7.5). */
export interface DeploymentRequest {
  /** `deployment.task`: the template to run */
  task: string;
  /** `deployment.environment` */
  environment: string;
  /** GitHub's deployment id, so statuses go to the deployment that asked (G10) */
  id?: number;
}

/** An Argo `Workflow` object. Only the fields kube-ci reads or writes are typed; the rest passes through. */
export interface ArgoWorkflow {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: ArgoWorkflowSpec;
  status?: ArgoWorkflowStatus;
  [key: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  uid?: string;
  creationTimestamp?: string;
  [key: string]: unknown;
}

export interface ArgoParameter {
  name: string;
  value?: string;
  [key: string]: unknown;
}

export interface ArgoTemplate {
  name?: string;
  inputs?: { parameters?: ArgoParameter[]; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ArgoWorkflowSpec {
  entrypoint?: string;
  templates?: ArgoTemplate[];
  arguments?: { parameters?: ArgoParameter[]; [key: string]: unknown };
  tolerations?: Record<string, unknown>[];
  nodeSelector?: Record<string, string>;
  ttlStrategy?: Record<string, unknown>;
  activeDeadlineSeconds?: number;
  [key: string]: unknown;
}

export type ArgoPhase = '' | 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error';

export interface ArgoNode {
  id: string;
  name: string;
  displayName?: string;
  type: string;
  phase?: string;
  templateName?: string;
  templateRef?: { name?: string; template?: string; clusterScope?: boolean };
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  inputs?: { parameters?: ArgoParameter[] };
  [key: string]: unknown;
}

export interface ArgoWorkflowStatus {
  phase?: ArgoPhase;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  nodes?: Record<string, ArgoNode>;
  /** gzip+base64 of the nodes map, when the controller compressed it */
  compressedNodes?: string;
  /** set when the nodes map was offloaded to the controller's database */
  offloadNodeStatusVersion?: string;
  [key: string]: unknown;
}

/** The kube-ci settings a run needs (a slice of the config file), passed in the run's input. */
export interface RunSettings {
  /** namespace for Argo Workflows and cache PVCs */
  namespace: string;
  /** value of the `managedBy` label */
  managedBy: string;
  /** annotation key prefix, `kube-ci.qutics.com` by default (without the trailing `/`) */
  annotationPrefix: string;
  tolerations: Record<string, unknown>[];
  nodeSelector: Record<string, string>;
  cacheDefaults: { scope: string; size: string; storageClassName: string };
  buildDraftPRs: boolean;
  /** regex sources, Go RE2 semantics: unanchored unless the pattern anchors itself */
  buildBranches: string;
  manualTemplates: string;
  essentialTemplates: string;
  deployTemplates: string;
  productionEnvironments: string;
  nonInteractiveBranches: string;
  environmentParameter: string;
  /** external base URL of the Argo UI, for links */
  argoUiBase: string;
}
