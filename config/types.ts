/** The loaded configuration. Plain data; secrets live only here and in the per-process slices. */
import type { WorkflowPolicy } from '../domain/workflow-policy-types';
import type { TemplateSpec, Toleration } from './kube-ci-kinds';

export type { TemplateSpec, Toleration };

/** Which process is loading: decides which secrets must be present (the API never needs the App key). */
export type ProcessRole = 'api' | 'worker' | 'all';

export interface TemporalTls {
  serverName: string;
  /** PEM contents read from the files named in temporal.yaml / TEMPORAL_TLS_*_FILE; '' when unset */
  clientCert: string;
  /** secret */
  clientKey: string;
  caCert: string;
}

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  uiBase: string;
  /** secret; '' when unset */
  apiKey: string;
  /** undefined: plain-text connection */
  tls: TemporalTls | undefined;
  worker: {
    maxConcurrentActivityTaskExecutions: number;
    maxConcurrentWorkflowTaskExecutions: number;
    maxCachedWorkflows: number;
    shutdownGraceTimeMs: number;
  };
  devServer: { port: number; uiPort: number; dbFile: string };
}

/** The keys of the original's config file (SPEC B 2.2), with their types. */
export interface KubeCiSettings {
  ciContextPath: string;
  ciYAMLFile: string;
  ciStarlarkFile: string;
  namespace: string;
  managedBy: string;
  tolerations: Toleration[];
  nodeSelector: Record<string, string>;
  templates: Record<string, TemplateSpec>;
  /** new: orgs whose members may run `/kube-ci` commands (besides write/maintain/admin collaborators) */
  authorisedOrgs: string[];
  cacheDefaults: { scope: string; size: string; storageClassName: string };
  buildDraftPRs: boolean;
  buildBranches: string;
  manualTemplates: string;
  essentialTemplates: string;
  deployTemplates: string;
  productionEnvironments: string;
  environmentParameter: string;
  nonInteractiveBranches: string;
  api: { defaultInstallID: number };
  /** new: bounds of the context folder, checked on its listing (domain/context-folder-limits.ts) */
  ciContextLimits: { maxFiles: number; maxBytes: number; maxDepth: number };
}

/** How ci.star is evaluated (new settings; the original had no allow-list and no limits: G21, G28). */
export interface StarlarkSettings {
  /** isAllowedHost entries, trimmed and lowercased; empty: every https:// load is refused */
  httpsAllowedHosts: string[];
  /** pipeline/read-scope.ts entries (`owner/repo`, `owner/*`, `{owner}/…`); empty: only the run's own repository */
  githubRepos: string[];
  limits: { maxSteps: number; timeoutMs: number; maxMemoryBytes: number; maxFileBytes: number };
  /** warm engine instances in the worker */
  poolSize: number;
}

export interface Config {
  github: {
    appId: number;
    apiUrl: string;
    /** secret: PEM private key; '' when the loading process does not need it (role `api`) */
    privateKey: string;
  };
  webhook: {
    /** secret; '' when the loading process does not need it (role `worker`) */
    secret: string;
  };
  filters: {
    /** empty: any installation */
    installationIds: number[];
    /** anchored regex source; '' = any owner */
    orgs: string;
  };
  api: {
    port: number;
    shutdownDelayMs: number;
    requestGraceMs: number;
    /** secret: bearer token of the HTTP API; '' = the HTTP API is off (and always '' for role `worker`) */
    token: string;
    /** largest webhook body read (413 above) */
    maxWebhookBytes: number;
    /** largest webhook payload carried into a run's input as `event` */
    maxEventInputBytes: number;
    /** Slack slash commands; `signingSecret` is a secret, '' = off (and always '' for role `worker`) */
    slack: { signingSecret: string; users: string[]; channels: string[] };
  };
  kubernetes: { kubeconfig: string; master: string };
  temporal: TemporalSettings;
  kubeCi: KubeCiSettings;
  starlark: StarlarkSettings;
  /** what a repository's pipeline may ask of the cluster (worker only) */
  policy: WorkflowPolicy;
  run: {
    annotationPrefix: string;
    argoUiBase: string;
    maxAnnotations: number;
    /** GitHub Deployments per Argo Workflow */
    maxDeploymentsPerRun: number;
    /** changed files read per run for path filters and Starlark (at most GitHub's 300) */
    maxChangedFiles: number;
    /** bound on matching changed files against onPathChange globs */
    pathFilterTimeoutMs: number;
    /** bounds on each step log read for annotations */
    podLog: { limitBytes: number; tailLines: number };
    /** last lines of a failed step's log shown on the check run */
    failedStepLogLines: number;
    progressIntervalMs: number;
    followRereadIntervalMs: number;
    /** the follow activity's heartbeat timeout (domain/follow-heartbeat.ts) */
    followHeartbeatTimeoutMs: number;
    manualStepWaitMs: number;
  };
  reconcile: { intervalMs: number; lookbackMs: number };
  /** the worker's `/metrics` port (0 = off) and the OTLP traces URL ('' = tracing off) */
  observability: { metricsPort: number; otlpEndpoint: string };
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** which files were read ('' = none), for the startup log line */
  sources: { configFile: string; temporalConfigFile: string };
}

export type LoadResult = { ok: true; config: Config; warnings: string[] } | { ok: false; problems: string[] };
