/** Turns validated setting values into the Config object, reading the secrets and files they point at. */
import { looksLikePem, readInstallationIds, readSecret, tryRead, type ReadFile } from './files';
import { policyFrom } from './policy';
import { schema, type SettingName, type Values } from './schema';
import type { Config, ProcessRole, TemporalTls } from './types';

export interface AssembleInput {
  values: Values;
  /** where each value came from; absent = built-in default */
  origins: Partial<Record<SettingName, string>>;
  readFile: ReadFile;
  role: ProcessRole;
  sources: Config['sources'];
}

export function assembleConfig(input: AssembleInput): { config: Config; problems: string[] } {
  const { values: v, readFile, role } = input;
  const where = (name: SettingName): string =>
    input.origins[name] ?? `${schema[name].env ?? `-${schema[name].flag}`} (default)`;
  const problems: string[] = [];

  if (v.githubAppId === 0) {
    problems.push(
      `${input.origins.githubAppId ?? 'KUBECI_GITHUB_APP_ID (or -github.appid)'}: github appID must be set`,
    );
  }
  const needs = { webhookSecret: role !== 'worker', privateKey: role !== 'api', installationIds: role !== 'worker' };
  const privateKey = needs.privateKey
    ? readSecret(readFile, {
        what: 'GitHub App private key',
        inline: { value: v.githubPrivateKey, where: where('githubPrivateKey') },
        file: {
          path: v.githubKeyFile,
          where: where('githubKeyFile'),
          explicit: input.origins.githubKeyFile !== undefined,
        },
        check: looksLikePem,
      })
    : { value: '', problems: [] };
  const webhookSecret = needs.webhookSecret
    ? readSecret(readFile, {
        what: 'webhook secret',
        inline: { value: v.webhookSecret, where: where('webhookSecret') },
        file: {
          path: v.webhookSecretFile,
          where: where('webhookSecretFile'),
          explicit: input.origins.webhookSecretFile !== undefined,
        },
      })
    : { value: '', problems: [] };
  const none = { value: '', problems: [] };
  const apiToken = needs.webhookSecret
    ? readOptionalSecret(input, where, ['HTTP API token', 'apiToken', 'apiTokenFile'])
    : none;
  const slackSecret = needs.webhookSecret
    ? readOptionalSecret(input, where, ['Slack signing secret', 'slackSigningSecret', 'slackSigningSecretFile'])
    : none;
  const ids = needs.installationIds
    ? readInstallationIds(readFile, v.idsFile, where('idsFile'))
    : { ids: [], problems: [] };
  const tls = readTemporalTls(input, where);
  problems.push(
    ...privateKey.problems,
    ...webhookSecret.problems,
    ...apiToken.problems,
    ...slackSecret.problems,
    ...ids.problems,
    ...tls.problems,
  );

  const config: Config = {
    github: { appId: v.githubAppId, apiUrl: v.githubApiUrl, privateKey: privateKey.value },
    webhook: { secret: webhookSecret.value },
    filters: { installationIds: ids.ids, orgs: v.orgs },
    api: {
      port: v.apiPort,
      shutdownDelayMs: v.shutdownDelayMs,
      requestGraceMs: v.requestGraceMs,
      token: apiToken.value,
      maxWebhookBytes: v.maxWebhookBytes,
      maxEventInputBytes: v.maxEventInputBytes,
      slack: { signingSecret: slackSecret.value, users: [...v.slackUsers], channels: [...v.slackChannels] },
    },
    kubernetes: { kubeconfig: v.kubeconfig, master: v.kubeMaster },
    temporal: {
      address: v.temporalAddress,
      namespace: v.temporalNamespace,
      taskQueue: v.temporalTaskQueue,
      uiBase: v.temporalUiBase,
      apiKey: v.temporalApiKey.trim(),
      tls: tls.value,
      worker: {
        maxConcurrentActivityTaskExecutions: v.workerMaxActivities,
        maxConcurrentWorkflowTaskExecutions: v.workerMaxWorkflowTasks,
        maxCachedWorkflows: v.workerMaxCachedWorkflows,
        shutdownGraceTimeMs: v.workerShutdownGraceMs,
      },
      devServer: { port: v.devServerPort, uiPort: v.devServerUiPort, dbFile: v.devServerDbFile },
    },
    kubeCi: {
      ciContextPath: v.ciContextPath,
      ciYAMLFile: v.ciYAMLFile,
      ciStarlarkFile: v.ciStarlarkFile,
      namespace: v.namespace,
      managedBy: v.managedBy,
      tolerations: v.tolerations,
      nodeSelector: v.nodeSelector,
      templates: v.templates,
      authorisedOrgs: [...v.authorisedOrgs],
      cacheDefaults: { scope: v.cacheScope, size: v.cacheSize, storageClassName: v.cacheStorageClassName },
      buildDraftPRs: v.buildDraftPRs,
      buildBranches: v.buildBranches,
      manualTemplates: v.manualTemplates,
      essentialTemplates: v.essentialTemplates,
      deployTemplates: v.deployTemplates,
      productionEnvironments: v.productionEnvironments,
      environmentParameter: v.environmentParameter,
      nonInteractiveBranches: v.nonInteractiveBranches,
      api: { defaultInstallID: v.defaultInstallId },
      ciContextLimits: { maxFiles: v.ciContextMaxFiles, maxBytes: v.ciContextMaxBytes, maxDepth: v.ciContextMaxDepth },
    },
    starlark: {
      httpsAllowedHosts: [...v.starlarkHttpsAllowedHosts],
      githubRepos: [...v.starlarkGithubRepos],
      limits: {
        maxSteps: v.starlarkMaxSteps,
        timeoutMs: v.starlarkTimeoutMs,
        maxMemoryBytes: v.starlarkMaxMemoryBytes,
        maxFileBytes: v.starlarkMaxFileBytes,
      },
      poolSize: v.starlarkPoolSize,
    },
    run: {
      annotationPrefix: v.annotationPrefix,
      argoUiBase: v.argoUiBase,
      maxAnnotations: v.maxAnnotations,
      maxDeploymentsPerRun: v.maxDeploymentsPerRun,
      maxChangedFiles: v.maxChangedFiles,
      pathFilterTimeoutMs: v.pathFilterTimeoutMs,
      podLog: { limitBytes: v.podLogLimitBytes, tailLines: v.podLogTailLines },
      failedStepLogLines: v.failedStepLogLines,
      progressIntervalMs: v.progressIntervalMs,
      followRereadIntervalMs: v.followRereadIntervalMs,
      followHeartbeatTimeoutMs: v.followHeartbeatTimeoutMs,
      manualStepWaitMs: v.manualStepWaitMs,
    },
    reconcile: { intervalMs: v.reconcileIntervalMs, lookbackMs: v.reconcileLookbackMs },
    observability: { metricsPort: v.metricsPort, otlpEndpoint: v.otlpEndpoint },
    policy: policyFrom(v),
    logLevel: v.logLevel,
    sources: input.sources,
  };
  return { config, problems };
}

/**
 * An optional secret (unset = its feature is off: the HTTP API token, the Slack signing secret), but once asked for,
 * inline or in a file, it must be readable and non-empty.
 */
function readOptionalSecret(
  input: AssembleInput,
  where: (name: SettingName) => string,
  [what, inline, file]: [string, 'apiToken' | 'slackSigningSecret', 'apiTokenFile' | 'slackSigningSecretFile'],
): { value: string; problems: string[] } {
  const v = input.values;
  if (v[inline] === '' && v[file] === '') return { value: '', problems: [] };
  return readSecret(input.readFile, {
    what,
    inline: { value: v[inline], where: where(inline) },
    file: { path: v[file], where: where(file), explicit: v[file] !== '' },
  });
}

type TlsFile = 'temporalTlsCertFile' | 'temporalTlsKeyFile' | 'temporalTlsCaFile';

/** TLS is on when asked for, or implied by any TLS file, a server name or an API key (Temporal Cloud needs TLS). */
function readTemporalTls(
  input: AssembleInput,
  where: (name: SettingName) => string,
): { value: TemporalTls | undefined; problems: string[] } {
  const v = input.values;
  const problems: string[] = [];
  const read = (name: TlsFile, what: string): string => {
    if (v[name] === '') return '';
    const text = tryRead(input.readFile, v[name]);
    if (!text.ok) problems.push(`${where(name)}: cannot read the ${what} ${JSON.stringify(v[name])}: ${text.error}`);
    return text.ok ? text.text : '';
  };
  const tls: TemporalTls = {
    serverName: v.temporalTlsServerName,
    clientCert: read('temporalTlsCertFile', 'Temporal client certificate'),
    clientKey: read('temporalTlsKeyFile', 'Temporal client key'),
    caCert: read('temporalTlsCaFile', 'Temporal CA certificate'),
  };
  if ((v.temporalTlsCertFile === '') !== (v.temporalTlsKeyFile === '')) {
    const set: TlsFile = v.temporalTlsCertFile === '' ? 'temporalTlsKeyFile' : 'temporalTlsCertFile';
    problems.push(`${where(set)}: mTLS needs both a client certificate and a client key file`);
  }
  const wanted =
    v.temporalTls ||
    v.temporalApiKey !== '' ||
    v.temporalTlsServerName !== '' ||
    v.temporalTlsCertFile !== '' ||
    v.temporalTlsCaFile !== '';
  return { value: wanted ? tls : undefined, problems };
}
