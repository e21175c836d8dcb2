/**
 * Per-process slices of the Config: each main.ts hands its process only what that process uses, so the API
 * never holds the App private key and the worker never holds the webhook secret.
 */
import type { TLSConfig } from '@temporalio/client';
import { compileRegex, type Pattern } from '../domain/regex';
import type { RunSettings } from '../domain/types';
import type { WorkflowPolicy } from '../domain/workflow-policy-types';
import type { EvaluationLimits } from '../starlark-wasm/src/index';
import type { Config, TemplateSpec } from './types';

/** What `Connection.connect` / `NativeConnection.connect` take, plus where runs go. */
export interface TemporalConnectionSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Temporal Web UI, for links from check runs */
  uiBase: string;
  apiKey?: string;
  tls?: TLSConfig;
}

export interface ApiConfig {
  port: number;
  shutdownDelayMs: number;
  requestGraceMs: number;
  /** the fields of api/github-webhook.ts `WebhookOptions` that come from configuration */
  webhook: {
    secret: string;
    appId: number;
    allowedInstallationIds: number[];
    allowedOrgs?: Pattern;
    maxWebhookBytes: number;
    maxEventInputBytes: number;
  };
  /** installation used by the HTTP API (`api.defaultInstallID`) */
  defaultInstallId: number;
  /** bearer token of the HTTP API; '' = the HTTP API is off */
  apiToken: string;
  /** Slack slash commands; absent = off */
  slack?: { signingSecret: string; users: string[]; channels: string[] };
  temporal: TemporalConnectionSettings;
  /** OTLP/HTTP traces URL (KUBECI_OTLP_ENDPOINT; '' = tracing off) */
  otlpEndpoint: string;
  logLevel: Config['logLevel'];
}

/** Bound of one https:// fetch by a Starlark load; the evaluation's wall-clock limit bounds all of them together. */
export const STARLARK_HTTPS_FETCH_TIMEOUT_MS = 10_000;

/** What worker/main.ts hands to createStarlarkPool and createStarlarkRenderer. */
export interface WorkerStarlarkConfig {
  /** `createStarlarkPool({ size })` */
  poolSize: number;
  /** createStarlarkRenderer `limits`, for every evaluation */
  limits: Required<EvaluationLimits>;
  /** createStarlarkRenderer `https` (HttpsFetchOptions); an empty allow-list refuses every https:// load */
  https: { allowedHosts: string[]; maxBytes: number; timeoutMs: number };
  /** createStarlarkRenderer `githubRepos`: what github:// loads may read besides the run's own repository */
  githubRepos: string[];
}

export interface WorkerConfig {
  /** for activities/github/octokit-gateway.ts `createGitHubGateway` */
  github: { appId: number; privateKey: string; baseUrl: string };
  /** kubeconfig path ('' = in-cluster) and an optional API server override */
  kubernetes: { kubeconfig: string; master: string };
  temporal: TemporalConnectionSettings;
  tuning: {
    maxConcurrentActivityTaskExecutions: number;
    maxConcurrentWorkflowTaskExecutions: number;
    maxCachedWorkflows: number;
    shutdownGraceTime: number;
  };
  settings: RunSettings;
  /** the workflow policy, for ActivityDeps; not in RunSettings, which travels in workflow history */
  policy: WorkflowPolicy;
  pipelineFiles: { contextPath: string; yamlFile: string; starlarkFile: string };
  /** createWorker `contextFolderLimits` (domain/context-folder-limits.ts) */
  contextFolderLimits: { maxFiles: number; maxBytes: number; maxDepth: number };
  templates: Record<string, TemplateSpec>;
  /** orgs whose members may run `/kube-ci` commands (KUBECI_AUTHORISED_ORGS) */
  authorisedOrgs: string[];
  starlark: WorkerStarlarkConfig;
  progressIntervalMs: number;
  followRereadIntervalMs: number;
  /** the follow activity's heartbeat timeout (KUBECI_FOLLOW_HEARTBEAT_TIMEOUT) */
  followHeartbeatTimeoutMs: number;
  /** how long a run waits for its manual steps' buttons (KUBECI_MANUAL_STEP_WAIT) */
  manualStepWaitMs: number;
  maxAnnotations: number;
  /** GitHub Deployments per Argo Workflow (KUBECI_MAX_DEPLOYMENTS_PER_RUN) */
  maxDeploymentsPerRun: number;
  /** changed files read per run (KUBECI_MAX_CHANGED_FILES) */
  maxChangedFiles: number;
  /** KUBECI_PATH_FILTER_TIMEOUT */
  pathFilterTimeoutMs: number;
  /** the check-run reconciler's schedule (worker/reconcile-schedule.ts); intervalMs 0 = off */
  reconcile: { intervalMs: number; lookbackMs: number };
  /** `limitBytes`/`tailLines` of each step log read for annotations */
  podLogBounds: { limitBytes: number; tailLines: number };
  failedStepLogLines: number;
  /** the worker's `/metrics` port (KUBECI_METRICS_PORT; 0 = off) */
  metricsPort: number;
  /** OTLP/HTTP traces URL (KUBECI_OTLP_ENDPOINT; '' = tracing off) */
  otlpEndpoint: string;
  logLevel: Config['logLevel'];
}

export function apiConfig(config: Config): ApiConfig {
  // An empty secret would verify nothing: loading with role 'worker' and starting the API is a wiring bug.
  if (config.webhook.secret === '')
    throw new Error("apiConfig: webhook secret not loaded; call loadConfig with role 'api' or 'all'");
  const orgs = config.filters.orgs === '' ? undefined : compileRegex(config.filters.orgs);
  if (orgs && !orgs.ok) throw new Error(`apiConfig: orgs regex passed validation but does not compile: ${orgs.error}`);
  return {
    port: config.api.port,
    shutdownDelayMs: config.api.shutdownDelayMs,
    requestGraceMs: config.api.requestGraceMs,
    webhook: {
      secret: config.webhook.secret,
      appId: config.github.appId,
      allowedInstallationIds: [...config.filters.installationIds],
      ...(orgs ? { allowedOrgs: orgs.re } : {}),
      maxWebhookBytes: config.api.maxWebhookBytes,
      maxEventInputBytes: config.api.maxEventInputBytes,
    },
    defaultInstallId: config.kubeCi.api.defaultInstallID,
    apiToken: config.api.token,
    ...(config.api.slack.signingSecret !== ''
      ? { slack: { ...config.api.slack, users: [...config.api.slack.users], channels: [...config.api.slack.channels] } }
      : {}),
    temporal: temporalConnection(config),
    otlpEndpoint: config.observability.otlpEndpoint,
    logLevel: config.logLevel,
  };
}

export function workerConfig(config: Config): WorkerConfig {
  if (config.github.privateKey === '')
    throw new Error("workerConfig: GitHub App private key not loaded; call loadConfig with role 'worker' or 'all'");
  const { worker } = config.temporal;
  return {
    github: { appId: config.github.appId, privateKey: config.github.privateKey, baseUrl: config.github.apiUrl },
    kubernetes: { ...config.kubernetes },
    temporal: temporalConnection(config),
    tuning: {
      maxConcurrentActivityTaskExecutions: worker.maxConcurrentActivityTaskExecutions,
      maxConcurrentWorkflowTaskExecutions: worker.maxConcurrentWorkflowTaskExecutions,
      maxCachedWorkflows: worker.maxCachedWorkflows,
      shutdownGraceTime: worker.shutdownGraceTimeMs,
    },
    settings: runSettingsFrom(config),
    policy: { ...config.policy, serviceAccounts: [...config.policy.serviceAccounts] },
    pipelineFiles: {
      contextPath: config.kubeCi.ciContextPath,
      yamlFile: config.kubeCi.ciYAMLFile,
      starlarkFile: config.kubeCi.ciStarlarkFile,
    },
    contextFolderLimits: { ...config.kubeCi.ciContextLimits },
    templates: structuredClone(config.kubeCi.templates),
    authorisedOrgs: [...config.kubeCi.authorisedOrgs],
    starlark: workerStarlarkConfig(config),
    progressIntervalMs: config.run.progressIntervalMs,
    followRereadIntervalMs: config.run.followRereadIntervalMs,
    followHeartbeatTimeoutMs: config.run.followHeartbeatTimeoutMs,
    manualStepWaitMs: config.run.manualStepWaitMs,
    maxAnnotations: config.run.maxAnnotations,
    maxDeploymentsPerRun: config.run.maxDeploymentsPerRun,
    maxChangedFiles: config.run.maxChangedFiles,
    pathFilterTimeoutMs: config.run.pathFilterTimeoutMs,
    reconcile: { ...config.reconcile },
    podLogBounds: { ...config.run.podLog },
    failedStepLogLines: config.run.failedStepLogLines,
    metricsPort: config.observability.metricsPort,
    otlpEndpoint: config.observability.otlpEndpoint,
    logLevel: config.logLevel,
  };
}

function workerStarlarkConfig(config: Config): WorkerStarlarkConfig {
  const { limits, httpsAllowedHosts, githubRepos, poolSize } = config.starlark;
  return {
    poolSize,
    githubRepos: [...githubRepos],
    limits: { ...limits },
    https: {
      allowedHosts: [...httpsAllowedHosts],
      // the engine checks the size of what a fetch returns too; the fetcher stops reading at the same bound
      maxBytes: limits.maxFileBytes,
      timeoutMs: Math.min(STARLARK_HTTPS_FETCH_TIMEOUT_MS, limits.timeoutMs),
    },
  };
}

/** The kube-ci settings a run carries in its input (domain/types.ts RunSettings). Copies: inputs are data. */
export function runSettingsFrom(config: Config): RunSettings {
  const k = config.kubeCi;
  return {
    namespace: k.namespace,
    managedBy: k.managedBy,
    annotationPrefix: config.run.annotationPrefix,
    tolerations: k.tolerations.map((toleration) => ({ ...toleration })),
    nodeSelector: { ...k.nodeSelector },
    cacheDefaults: { ...k.cacheDefaults },
    buildDraftPRs: k.buildDraftPRs,
    buildBranches: k.buildBranches,
    manualTemplates: k.manualTemplates,
    essentialTemplates: k.essentialTemplates,
    deployTemplates: k.deployTemplates,
    productionEnvironments: k.productionEnvironments,
    nonInteractiveBranches: k.nonInteractiveBranches,
    environmentParameter: k.environmentParameter,
    argoUiBase: config.run.argoUiBase,
  };
}

export function temporalConnection(config: Config): TemporalConnectionSettings {
  const t = config.temporal;
  const settings: TemporalConnectionSettings = {
    address: t.address,
    namespace: t.namespace,
    taskQueue: t.taskQueue,
    uiBase: t.uiBase,
  };
  if (t.apiKey !== '') settings.apiKey = t.apiKey;
  if (t.tls) {
    const tls: TLSConfig = {};
    if (t.tls.serverName !== '') tls.serverNameOverride = t.tls.serverName;
    if (t.tls.caCert !== '') tls.serverRootCACertificate = Buffer.from(t.tls.caCert);
    if (t.tls.clientCert !== '' && t.tls.clientKey !== '')
      tls.clientCertPair = { crt: Buffer.from(t.tls.clientCert), key: Buffer.from(t.tls.clientKey) };
    settings.tls = tls;
  }
  return settings;
}
