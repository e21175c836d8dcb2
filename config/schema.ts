/**
 * THE configuration schema: every setting kube-ci reads, with its kind (type + validation), default,
 * environment variable, the original's command-line flag, its key in a file, and whether it is secret.
 * docs/configuration.md is generated from this table (config/print-config-table.ts).
 *
 * Sources, later wins: built-in default → file (kube-ci config or temporal.yaml) → environment → flag.
 */
import * as kind from './kinds';
import type { Kind } from './kinds';
import { templates, tolerations } from './kube-ci-kinds';
import { dnsName, labelValue, logLevels, nonEmptyOr } from './names';
import { byteSize, githubRepoList, httpsHostList, positive } from './starlark-kinds';
import { DEFAULT_FOLLOW_HEARTBEAT_TIMEOUT_MS } from '../domain/follow-heartbeat';
import { PolicySetting, type WorkflowPolicy } from '../domain/workflow-policy-types';

/** Which YAML file a key lives in: the kube-ci config (original's `-config`) or temporal.yaml. */
export type ConfigFile = 'kube-ci' | 'temporal';

export interface Setting<T> {
  kind: Kind<T>;
  default: T;
  description: string;
  env?: string;
  /** the original kube-ci's command-line flag, still accepted (single or double dash) */
  flag?: string;
  /** dotted key in a YAML file */
  file?: { in: ConfigFile; key: string };
  /** never logged; redactConfig hides it */
  secret?: boolean;
  /** how the default is written in the docs when the stored value is converted (durations) */
  shownDefault?: string;
}

// NoInfer: the kind decides the type, so `default` is checked against it instead of widening it
const setting = <T>(s: Omit<Setting<T>, 'default'> & { default: NoInfer<T> }): Setting<T> => s;
const kubeCi = (key: string) => ({ in: 'kube-ci', key }) as const;
const temporal = (key: string) => ({ in: 'temporal', key }) as const;

type PolicySwitch = Exclude<keyof WorkflowPolicy, 'serviceAccounts'>;
/** One boolean of the workflow policy: off by default, env from domain's PolicySetting, key `policy.<name>`. */
const policySwitch = <N extends PolicySwitch>(name: N, what: string) =>
  ({
    [`policy${name[0]!.toUpperCase()}${name.slice(1)}`]: setting({
      kind: kind.boolean,
      default: false,
      env: PolicySetting[name],
      file: kubeCi(`policy.${name}`),
      description: `New. Allow ${what} in pipelines. Off by default: such a pipeline fails its check run naming the field and this setting.`,
    }),
  }) as Record<`policy${Capitalize<N>}`, Setting<boolean>>;

export const schema = {
  // ── where the other settings come from
  configFile: setting({
    kind: kind.text,
    default: '',
    env: 'KUBECI_CONFIG',
    flag: 'config',
    description: "Path of the kube-ci YAML config file (the original's keys). Empty: built-in defaults only.",
  }),
  temporalConfigFile: setting({
    kind: kind.text,
    default: './temporal.yaml',
    env: 'KUBECI_TEMPORAL_CONFIG',
    description:
      'Path of temporal.yaml. A missing file at the default path means built-in defaults; a missing file at a path you set is an error.',
  }),

  // ── GitHub App
  githubAppId: setting({
    kind: kind.nonNegativeInteger,
    default: 0,
    env: 'KUBECI_GITHUB_APP_ID',
    flag: 'github.appid',
    description: 'GitHub App id. Required (0 is invalid).',
  }),
  githubKeyFile: setting({
    kind: kind.text,
    default: 'github-key',
    env: 'KUBECI_GITHUB_KEY_FILE',
    flag: 'keyfile',
    description: "File holding the App's PEM private key (worker only). Whitespace is trimmed.",
  }),
  githubPrivateKey: setting({
    kind: kind.text,
    default: '',
    env: 'KUBECI_GITHUB_PRIVATE_KEY',
    secret: true,
    description: "The App's PEM private key itself, instead of KUBECI_GITHUB_KEY_FILE (worker only).",
  }),
  githubApiUrl: setting({
    kind: kind.httpUrl,
    default: 'https://api.github.com',
    env: 'KUBECI_GITHUB_API_URL',
    description:
      'GitHub REST API base URL; the only host installation tokens are ever sent to. Set it for GitHub Enterprise Server (https://HOST/api/v3).',
  }),
  webhookSecretFile: setting({
    kind: kind.text,
    default: 'webhook-secret',
    env: 'KUBECI_WEBHOOK_SECRET_FILE',
    flag: 'secretfile',
    description: 'File holding the webhook HMAC secret (API only). Whitespace is trimmed.',
  }),
  webhookSecret: setting({
    kind: kind.text,
    default: '',
    env: 'KUBECI_WEBHOOK_SECRET',
    secret: true,
    description: 'The webhook HMAC secret itself, instead of KUBECI_WEBHOOK_SECRET_FILE (API only).',
  }),
  idsFile: setting({
    kind: kind.text,
    default: '',
    env: 'KUBECI_IDS_FILE',
    flag: 'idsfile',
    description:
      'File of allowed installation ids, one integer per line (lines trimmed, blank lines skipped). Empty: any installation.',
  }),
  slackSigningSecretFile: setting({
    kind: kind.text,
    default: '',
    env: 'KUBECI_SLACK_SIGNING_SECRET_FILE',
    flag: 'slack.secretfile',
    description:
      "File holding the Slack App's signing secret (API only). Empty, with no KUBECI_SLACK_SIGNING_SECRET: Slack commands are off (`/slack/commands` and the original's `/webhooks/slack/cmd` are 404).",
  }),
  slackSigningSecret: setting({
    kind: kind.text,
    default: '',
    env: 'KUBECI_SLACK_SIGNING_SECRET',
    secret: true,
    description: 'New. The Slack signing secret itself, instead of KUBECI_SLACK_SIGNING_SECRET_FILE (API only).',
  }),
  slackUsers: setting({
    kind: kind.stringList,
    default: [],
    env: 'KUBECI_SLACK_USERS',
    file: kubeCi('slack.users'),
    description:
      'New. Slack user ids (`U…`) allowed to use `/ci-build`, `/ci-deploy` and `/ci-setup`. Empty: none by user.',
  }),
  slackChannels: setting({
    kind: kind.stringList,
    default: [],
    env: 'KUBECI_SLACK_CHANNELS',
    file: kubeCi('slack.channels'),
    description: 'New. Slack channel ids (`C…`) in which anyone may use the Slack commands. Empty: none by channel.',
  }),
  apiTokenFile: setting({
    kind: kind.text,
    default: '',
    env: 'KUBECI_API_TOKEN_FILE',
    description:
      'New. File holding the bearer token of the HTTP API `/api/v1/run` (API only). Whitespace is trimmed. Empty, with no KUBECI_API_TOKEN: the HTTP API is off (404).',
  }),
  apiToken: setting({
    kind: kind.text,
    default: '',
    env: 'KUBECI_API_TOKEN',
    secret: true,
    description:
      'New. The HTTP API bearer token itself, instead of KUBECI_API_TOKEN_FILE (API only). Callers send `Authorization: Bearer <token>`.',
  }),
  orgs: setting({
    kind: kind.anchoredRegex,
    default: '',
    env: 'KUBECI_ORGS',
    flag: 'orgs',
    description:
      'Regex of allowed repository owners, always matched against the whole owner (`a|b` means `^(?:a|b)$`). Empty: any owner.',
  }),
  maxWebhookBytes: setting({
    kind: byteSize(25 * 1024 ** 2, '25Mi'),
    default: 25 * 1024 ** 2,
    shownDefault: '25Mi',
    env: 'KUBECI_MAX_WEBHOOK_BYTES',
    description:
      'New. Largest webhook body the API reads (API only); a larger one is answered 413 with the reason, before its signature is checked. GitHub caps payloads at 25 MB, so the default refuses nothing GitHub sends; lower it to bound what unauthenticated callers can make the API buffer.',
  }),
  maxEventInputBytes: setting({
    kind: byteSize(1.5 * 1024 ** 2, '1536Ki'),
    default: 1024 ** 2,
    shownDefault: '1Mi',
    env: 'KUBECI_MAX_EVENT_INPUT_BYTES',
    description:
      "New. Largest webhook payload (JSON bytes) a run carries in its Temporal input for Starlark's `input.event` (API only; Temporal refuses inputs over 2 MB). A bigger event still starts its run; `input.event` then holds only `kube_ci_event_omitted`, a note saying why.",
  }),

  // ── processes and links
  apiPort: setting({
    kind: kind.port,
    default: 8080,
    env: 'KUBECI_API_PORT',
    description: 'Port the API (webhook) server listens on.',
  }),
  shutdownDelayMs: setting({
    kind: kind.duration,
    default: 2000,
    shownDefault: '2s',
    env: 'KUBECI_GRACE_SHUTDOWN',
    flag: 'grace.shutdown',
    description: 'After SIGTERM the API answers /status with 500 for this long before it stops accepting connections.',
  }),
  requestGraceMs: setting({
    kind: kind.duration,
    default: 1000,
    shownDefault: '1s',
    env: 'KUBECI_GRACE_REQUESTS',
    flag: 'grace.requests',
    description: 'How long in-flight requests may take to finish during shutdown.',
  }),
  metricsPort: setting({
    kind: kind.portOrOff,
    default: 9464,
    env: 'KUBECI_METRICS_PORT',
    file: kubeCi('metrics.port'),
    description:
      'New. Port of the worker\'s Prometheus `/metrics` endpoint (0 = off). The API serves its `/metrics` on its own port (`KUBECI_API_PORT`). What the families mean: README, "Metrics".',
  }),
  otlpEndpoint: setting({
    kind: kind.optionalHttpUrl,
    default: '',
    env: 'KUBECI_OTLP_ENDPOINT',
    file: kubeCi('tracing.otlpEndpoint'),
    description:
      'New. OpenTelemetry tracing: the OTLP/HTTP traces URL spans are sent to (e.g. `http://otel-collector:4318/v1/traces`), by the API (workflow starts) and the worker (workflows, activities; @temporalio/interceptors-opentelemetry). Empty, the default: tracing off.',
  }),
  argoUiBase: setting({
    kind: kind.httpUrl,
    default: 'http://argo',
    env: 'KUBECI_ARGO_UI_BASE',
    flag: 'argo.ui.base',
    description: 'External base URL of the Argo UI, for links from check runs.',
  }),
  kubeconfig: setting({
    kind: kind.text,
    default: '',
    env: 'KUBECI_KUBECONFIG',
    flag: 'kubeconfig',
    description: 'Path of a kubeconfig file (worker only). Empty: in-cluster service account.',
  }),
  kubeMaster: setting({
    kind: kind.text,
    default: '',
    env: 'KUBECI_KUBE_MASTER',
    flag: 'master',
    description: "Kubernetes API server URL overriding the kubeconfig's (worker only).",
  }),
  logLevel: setting({ kind: logLevels, default: 'info', env: 'KUBECI_LOG_LEVEL', description: 'pino log level.' }),
  annotationPrefix: setting({
    kind: dnsName,
    default: 'kube-ci.qutics.com',
    env: 'KUBECI_ANNOTATION_PREFIX',
    description: 'Prefix of the Argo Workflow annotations kube-ci reads and writes (without the trailing `/`).',
  }),
  maxAnnotations: setting({
    kind: kind.positiveInteger,
    default: 500,
    env: 'KUBECI_MAX_ANNOTATIONS',
    description: 'Cap on log annotations per check run (GitHub takes 50 per request).',
  }),
  maxDeploymentsPerRun: setting({
    kind: kind.positiveInteger,
    default: 50,
    env: 'KUBECI_MAX_DEPLOYMENTS_PER_RUN',
    description:
      'New. At most this many GitHub Deployments per Argo Workflow (one per deploy step); later deploy steps are not tracked (logged). Bounds the GitHub requests one pipeline can cause.',
  }),
  maxChangedFiles: setting({
    kind: kind.changedFilesBound,
    default: 300,
    env: 'KUBECI_MAX_CHANGED_FILES',
    description:
      "New. Changed files read per run (GitHub's compare API, one request) for `onPathChange` and Starlark's `input.changed_files`; read only when the pipeline has the annotation or the script names `changed_files`. GitHub lists at most 300; a list that reaches this bound or GitHub's is marked cut, and the path filter then runs the pipeline.",
  }),
  pathFilterTimeoutMs: setting({
    kind: kind.duration,
    default: 1000,
    shownDefault: '1s',
    env: 'KUBECI_PATH_FILTER_TIMEOUT',
    description:
      'New. Longest time matching a run’s changed files against its `onPathChange` globs may take (globs are regular expressions underneath: a glob like `*a*a*a*b` can take minutes on a long path). Beyond it the filter does not skip, and the check run says why.',
  }),
  podLogLimitBytes: setting({
    kind: byteSize(256 * 1024 ** 2, '256Mi'),
    default: 1024 ** 2,
    shownDefault: '1Mi',
    env: 'KUBECI_POD_LOG_LIMIT_BYTES',
    description:
      'New. Bytes of one step log read for annotations (the API server’s `limitBytes`, after `tailLines`); a line cut at the limit is dropped.',
  }),
  podLogTailLines: setting({
    kind: kind.positiveInteger,
    default: 10_000,
    env: 'KUBECI_POD_LOG_TAIL_LINES',
    description: 'New. Only the last this many lines of one step log are read for annotations (`tailLines`).',
  }),
  failedStepLogLines: setting({
    kind: kind.nonNegativeInteger,
    default: 20,
    env: 'KUBECI_FAILED_STEP_LOG_LINES',
    description:
      'New. Last lines of a failed step’s log shown in its check-run text, live and at the end, secrets masked (0 = none).',
  }),
  progressIntervalMs: setting({
    kind: kind.duration,
    default: 5000,
    shownDefault: '5s',
    env: 'KUBECI_PROGRESS_INTERVAL',
    description:
      'Minimum time between two progress updates of one check run; status changes are sent at once (bound: ⌊T / interval⌋ + 1 updates over a time T, plus one per status change).',
  }),
  followRereadIntervalMs: setting({
    kind: positive(kind.duration),
    default: 60_000,
    shownDefault: '60s',
    env: 'KUBECI_FOLLOW_REREAD_INTERVAL',
    description:
      'New. Once the shared watch of Argo Workflows has been down this long, each followed Argo Workflow is read once per this interval until it is back, so a run finishes while the watch is down. While the watch is up nothing is read per run (one read when following starts, one after the watch restarted).',
  }),
  followHeartbeatTimeoutMs: setting({
    kind: positive(kind.duration),
    default: DEFAULT_FOLLOW_HEARTBEAT_TIMEOUT_MS,
    shownDefault: '60s',
    env: 'KUBECI_FOLLOW_HEARTBEAT_TIMEOUT',
    description:
      'New. Heartbeat timeout of the activity that follows a run’s Argo Workflow; Temporal receives one heartbeat per run per 80 % of it (at 60s, ~21/s for 1,000 runs in flight; at 10s, 125/s). A worker that dies without shutting down has its runs taken over by another worker only after up to this long, and their check runs show no progress meanwhile; a worker stopped with SIGTERM hands its runs over at once.',
  }),
  manualStepWaitMs: setting({
    kind: positive(kind.duration),
    default: 14 * 86_400_000,
    shownDefault: '336h',
    env: 'KUBECI_MANUAL_STEP_WAIT',
    description:
      'New. How long a run that offered manual steps waits for their Run / Skip buttons. A press after that (or after the run ended) still runs or skips the step, once.',
  }),
  reconcileIntervalMs: setting({
    kind: kind.duration,
    default: 600_000,
    shownDefault: '10m',
    env: 'KUBECI_RECONCILE_INTERVAL',
    description:
      'New. How often the reconciler (Temporal Schedule `kube-ci-reconcile-check-runs`, set by the worker at start) concludes check runs whose run closed without concluding them. 0: off (the schedule is deleted).',
  }),
  reconcileLookbackMs: setting({
    kind: positive(kind.duration),
    default: 86_400_000,
    shownDefault: '24h',
    env: 'KUBECI_RECONCILE_LOOKBACK',
    description: 'New. The reconciler looks at runs that closed this recently.',
  }),

  // ── the kube-ci config file: the original's keys and defaults (SPEC B 2.2)
  ciContextPath: setting({
    kind: kind.text,
    default: '.kube-ci',
    file: kubeCi('ciContextPath'),
    description: 'Repository directory holding the CI configuration.',
  }),
  ciYAMLFile: setting({
    kind: kind.text,
    default: 'ci.yaml',
    file: kubeCi('ciYAMLFile'),
    description: 'Argo Workflow YAML file inside the context (used when there is no Starlark file).',
  }),
  ciStarlarkFile: setting({
    kind: kind.text,
    default: 'ci.star',
    file: kubeCi('ciStarlarkFile'),
    description: 'Starlark file inside the context; tried first.',
  }),
  ciContextMaxFiles: setting({
    kind: kind.positiveInteger,
    default: 200,
    env: 'KUBECI_CONTEXT_MAX_FILES',
    file: kubeCi('ciContextLimits.maxFiles'),
    description:
      'New. Files the context folder may hold, subfolders included. Checked on its listing (one git tree read) before any file is read; more fails the run as an invalid pipeline on the folder.',
  }),
  ciContextMaxBytes: setting({
    kind: byteSize(1024 ** 3, '1Gi'),
    default: 4 * 1024 ** 2,
    shownDefault: '4Mi',
    env: 'KUBECI_CONTEXT_MAX_BYTES',
    file: kubeCi('ciContextLimits.maxBytes'),
    description: 'New. Total size of the files of the context folder, checked on its listing before any file is read.',
  }),
  ciContextMaxDepth: setting({
    kind: kind.nonNegativeInteger,
    default: 8,
    env: 'KUBECI_CONTEXT_MAX_DEPTH',
    file: kubeCi('ciContextLimits.maxDepth'),
    description:
      'New. Subfolder nesting the context folder may have (0: files only at its top, 1: `lib/x.star`), checked on its listing.',
  }),
  namespace: setting({
    kind: nonEmptyOr('argo', dnsName),
    default: 'argo',
    file: kubeCi('namespace'),
    description: 'Namespace of Argo Workflows and cache PVCs. An empty value keeps the default, as in the original.',
  }),
  managedBy: setting({
    kind: labelValue,
    default: 'kube-ci',
    file: kubeCi('managedBy'),
    env: 'KUBECI_MANAGED_BY',
    description:
      'Value of the `managedBy` label on Argo Workflows and PVCs; the worker follows only workflows carrying it.',
  }),
  tolerations: setting({
    kind: tolerations,
    default: [],
    file: kubeCi('tolerations'),
    description:
      "Kubernetes tolerations appended to every workflow (`tolerationSeconds` or the original's `tolerationseconds`).",
  }),
  nodeSelector: setting({
    kind: kind.stringMap,
    default: {},
    file: kubeCi('nodeSelector'),
    description: "Merged into every workflow's `spec.nodeSelector`; the config wins on conflicts.",
  }),
  templates: setting({
    kind: templates,
    default: {},
    file: kubeCi('templates'),
    description: 'Templates for `/kube-ci setup`: name → {description, ci (file path on the server), deploy (unused)}.',
  }),
  authorisedOrgs: setting({
    kind: kind.stringList,
    default: [],
    env: 'KUBECI_AUTHORISED_ORGS',
    file: kubeCi('authorisedOrgs'),
    description:
      "New. Orgs whose members may run `/kube-ci` commands on any repository of the App, besides the repository's collaborators with write, maintain or admin access (always allowed; G48). Empty, the default: collaborators only.",
  }),
  cacheScope: setting({
    kind: kind.text,
    default: '',
    file: kubeCi('cacheDefaults.scope'),
    description: 'Default cache PVC scope when a workflow has no cacheScope annotation.',
  }),
  cacheSize: setting({
    kind: kind.text,
    default: '',
    file: kubeCi('cacheDefaults.size'),
    description: 'Default cache PVC size.',
  }),
  cacheStorageClassName: setting({
    kind: kind.text,
    default: '',
    file: kubeCi('cacheDefaults.storageClassName'),
    description: 'Default cache PVC storage class.',
  }),
  buildDraftPRs: setting({
    kind: kind.boolean,
    default: false,
    file: kubeCi('buildDraftPRs'),
    description: 'Build branches whose only open PRs are drafts.',
  }),
  buildBranches: setting({
    kind: kind.regex,
    default: 'master',
    file: kubeCi('buildBranches'),
    description:
      'Branches built without an open PR. Unanchored, as in the original: the default `master` also matches `my-master-x`; write `^(main|master)$` to be exact.',
  }),
  manualTemplates: setting({
    kind: kind.regex,
    default: '^$',
    file: kubeCi('manualTemplates'),
    description: 'Templates offered as manual steps (check runs with Run / Skip buttons).',
  }),
  essentialTemplates: setting({
    kind: kind.regex,
    default: '^$',
    file: kubeCi('essentialTemplates'),
    description: 'Manual templates whose check run is `action_required`.',
  }),
  deployTemplates: setting({
    kind: kind.regex,
    default: '^$',
    file: kubeCi('deployTemplates'),
    description: 'Templates tracked as GitHub Deployments.',
  }),
  productionEnvironments: setting({
    kind: kind.regex,
    default: '^production$',
    file: kubeCi('productionEnvironments'),
    description: 'Deploy environments flagged `production_environment` on GitHub (used, unlike the original: G1).',
  }),
  environmentParameter: setting({
    kind: kind.text,
    default: 'environment',
    file: kubeCi('environmentParameter'),
    description: 'Template input parameter that carries the deploy environment.',
  }),
  nonInteractiveBranches: setting({
    kind: kind.regex,
    default: '^$',
    file: kubeCi('nonInteractiveBranches'),
    description: 'Head branches that never get manual steps.',
  }),
  extraParameters: setting({
    kind: kind.ignored,
    default: null,
    shownDefault: '(none)',
    file: kubeCi('extraParameters'),
    description: 'Accepted for compatibility and ignored, as in the original (a warning is logged).',
  }),
  defaultInstallId: setting({
    kind: kind.nonNegativeInteger,
    default: 0,
    file: kubeCi('api.defaultInstallID'),
    description: 'Installation id used by the HTTP API.',
  }),

  // ── Starlark evaluation (new: the original had no allow-list and no limits, G21/G28); defaults = DEFAULT_STARLARK_LIMITS
  starlarkHttpsAllowedHosts: setting({
    kind: httpsHostList,
    default: [],
    env: 'KUBECI_STARLARK_HTTPS_HOSTS',
    file: kubeCi('starlark.httpsAllowedHosts'),
    description:
      'New. Hosts `ci.star` may `load()`/`loadFile()` https:// files from. Entries: `raw.example.com` (that host exactly), `*.example.com` (any subdomain at any depth, not example.com itself; at least two labels after `*.`), either with an optional `:port` (no port: 443 only). Case-insensitive; host names only (no scheme, path or IPv6 address). Empty, the default: every https:// load is refused until hosts are listed. Listed hosts are still refused when they resolve to a private, loopback or reserved address, and no credentials are ever sent.',
  }),
  starlarkGithubRepos: setting({
    kind: githubRepoList,
    default: ['{owner}/*'],
    env: 'KUBECI_STARLARK_GITHUB_REPOS',
    file: kubeCi('starlark.githubRepos'),
    description:
      "New. Repositories `ci.star` may read through github:// `load()`/`loadFile()` besides the run's own: `owner/repo` or `owner/*`, where the owner `{owner}` means the owner of the repository being built. The default, `{owner}/*`, is any repository of the same owner. Empty: only the run's own repository. Other loads fail the run naming this setting, before any request. Every read goes with an installation token minted for exactly the repository read, `contents: read` only, so a repository the App's installation does not cover stays unreadable whatever is listed.",
  }),
  starlarkMaxSteps: setting({
    kind: kind.positiveInteger,
    default: 100_000_000,
    env: 'KUBECI_STARLARK_MAX_STEPS',
    file: kubeCi('starlark.maxSteps'),
    description:
      'New. Starlark execution steps one evaluation may take, loaded modules included; more fails the run naming the limit.',
  }),
  starlarkTimeoutMs: setting({
    kind: positive(kind.duration),
    default: 30_000,
    shownDefault: '30s',
    env: 'KUBECI_STARLARK_TIMEOUT',
    file: kubeCi('starlark.timeout'),
    description:
      'New. Wall-clock bound of one evaluation, time spent fetching modules included. One https:// fetch gets at most 10s of it.',
  }),
  starlarkMaxMemoryBytes: setting({
    kind: byteSize(4 * 1024 ** 3, '4Gi'),
    default: 256 * 1024 ** 2,
    shownDefault: '256Mi',
    env: 'KUBECI_STARLARK_MAX_MEMORY',
    file: kubeCi('starlark.maxMemory'),
    description:
      "New. Live heap one evaluation may use (the engine is 32-bit WebAssembly, hence at most 4Gi). It also caps each engine instance's WebAssembly memory at this + half of it + 64Mi + the engine's static data (453Mi for 256Mi), so one huge allocation fails at once.",
  }),
  starlarkMaxFileBytes: setting({
    kind: byteSize(4 * 1024 ** 3, '4Gi'),
    default: 4 * 1024 ** 2,
    shownDefault: '4Mi',
    env: 'KUBECI_STARLARK_MAX_FILE_SIZE',
    file: kubeCi('starlark.maxFileSize'),
    description:
      'New. Size bound of the entry file, every loaded module and every `loadFile()` result; larger https:// bodies are refused without being read to the end.',
  }),
  starlarkPoolSize: setting({
    kind: kind.positiveInteger,
    default: 2,
    env: 'KUBECI_STARLARK_POOL_SIZE',
    file: kubeCi('starlark.poolSize'),
    description:
      'New. Starlark engine instances the worker keeps warm (one worker thread each); concurrent evaluations beyond it queue (worker only).',
  }),

  // ── workflow policy (new: the original ran whatever a pipeline asked for); README "Security model"
  policyServiceAccounts: setting({
    kind: kind.stringList,
    default: [],
    env: PolicySetting.serviceAccounts,
    file: kubeCi('policy.serviceAccounts'),
    description:
      'New. Service accounts a pipeline may name (`serviceAccountName` of the spec, a template, an executor or a podSpecPatch); `*` = any. Empty, the default: none, runs use the namespace default.',
  }),
  ...policySwitch('allowServiceAccountToken', '`automountServiceAccountToken: true` (false is always allowed)'),
  ...policySwitch('allowHostPath', '`hostPath` volumes'),
  ...policySwitch('allowHostNamespaces', '`hostNetwork`, `hostPID` and `hostIPC` (spec, templates, podSpecPatch)'),
  ...policySwitch(
    'allowPrivileged',
    '`securityContext.privileged: true` and `allowPrivilegeEscalation: true` on any container (main, script, sidecars, init, containerSet)',
  ),
  ...policySwitch('allowCapabilities', '`securityContext.capabilities.add`'),
  ...policySwitch('allowPodSpecPatch', '`podSpecPatch` on the spec or a template (its content is still checked)'),
  ...policySwitch('allowResourceTemplates', '`resource:` templates (they act on the cluster as the service account)'),
  ...policySwitch(
    'allowOtherClaims',
    "`persistentVolumeClaim` volumes other than the run's own cache (`{{workflow.parameters.cacheVolumeClaimName}}`, or the planned cache name)",
  ),
  ...policySwitch(
    'allowOtherCaches',
    "a `cacheName` annotation outside the repository's own cache names (its project-scope cache name, its branch-scope name, or the project-scope name followed by `-…`)",
  ),

  // ── temporal.yaml
  temporalAddress: setting({
    kind: kind.hostPort,
    default: '127.0.0.1:7233',
    file: temporal('address'),
    env: 'TEMPORAL_ADDRESS',
    description: 'Temporal frontend gRPC address.',
  }),
  temporalNamespace: setting({
    kind: kind.text,
    default: 'default',
    file: temporal('namespace'),
    env: 'TEMPORAL_NAMESPACE',
    description: 'Temporal namespace.',
  }),
  temporalTaskQueue: setting({
    kind: kind.text,
    default: 'kube-ci',
    file: temporal('taskQueue'),
    env: 'TEMPORAL_TASK_QUEUE',
    description: 'Task queue the API starts runs on and the worker polls.',
  }),
  temporalUiBase: setting({
    kind: kind.httpUrl,
    default: 'http://localhost:8233',
    file: temporal('uiBase'),
    env: 'TEMPORAL_UI_BASE',
    description: 'Temporal Web UI base URL, for links from check runs to their run.',
  }),
  temporalApiKey: setting({
    kind: kind.text,
    default: '',
    file: temporal('apiKey'),
    env: 'TEMPORAL_API_KEY',
    secret: true,
    description: 'API key (Temporal Cloud); prefer the environment over the file. Setting it turns TLS on.',
  }),
  temporalTls: setting({
    kind: kind.boolean,
    default: false,
    file: temporal('tls.enabled'),
    env: 'TEMPORAL_TLS',
    description: 'Connect with TLS. Also on when any other tls setting or an API key is set.',
  }),
  temporalTlsServerName: setting({
    kind: kind.text,
    default: '',
    file: temporal('tls.serverName'),
    env: 'TEMPORAL_TLS_SERVER_NAME',
    description: 'TLS server name override (SNI).',
  }),
  temporalTlsCertFile: setting({
    kind: kind.text,
    default: '',
    file: temporal('tls.certFile'),
    env: 'TEMPORAL_TLS_CERT_FILE',
    description: 'Client certificate (PEM) for mTLS; needs the key file too.',
  }),
  temporalTlsKeyFile: setting({
    kind: kind.text,
    default: '',
    file: temporal('tls.keyFile'),
    env: 'TEMPORAL_TLS_KEY_FILE',
    description: 'Client private key (PEM) for mTLS.',
  }),
  temporalTlsCaFile: setting({
    kind: kind.text,
    default: '',
    file: temporal('tls.caFile'),
    env: 'TEMPORAL_TLS_CA_FILE',
    description: 'CA certificate (PEM) of the server, when not publicly trusted.',
  }),
  workerMaxActivities: setting({
    kind: kind.positiveInteger,
    default: 2000,
    env: 'KUBECI_WORKER_MAX_ACTIVITIES',
    file: temporal('worker.maxConcurrentActivityTaskExecutions'),
    description:
      'Worker: activities run at once. A run holds one for as long as its Argo Workflow runs (followArgoWorkflow, waiting on the shared watch), so this bounds the runs one worker follows; runs beyond it wait in the task queue for a slot (see bench/README.md for what 1,000 cost).',
  }),
  workerMaxCachedWorkflows: setting({
    kind: kind.nonNegativeInteger,
    default: 250,
    env: 'KUBECI_WORKER_MAX_CACHED_WORKFLOWS',
    file: temporal('worker.maxCachedWorkflows'),
    description:
      'Worker: runs whose workflow state stays in memory between their tasks (sticky cache), about 1.5 MB each (measured: bench/README.md). One evicted replays its history (about 40 events) on its next task; 0 turns the cache off. The SDK’s default (600 per GiB of heap, ~2,400 here) let 1,000 runs in flight take the worker past 1 GB.',
  }),
  workerMaxWorkflowTasks: setting({
    kind: kind.positiveInteger,
    default: 40,
    file: temporal('worker.maxConcurrentWorkflowTaskExecutions'),
    description: 'Worker: workflow tasks run at once.',
  }),
  workerShutdownGraceMs: setting({
    kind: kind.duration,
    default: 10_000,
    shownDefault: '10s',
    file: temporal('worker.shutdownGraceTime'),
    description: 'Worker: time running activities get to finish after SIGTERM before they are cancelled.',
  }),
  devServerPort: setting({
    kind: kind.port,
    default: 7233,
    file: temporal('devServer.port'),
    description: 'Embedded dev server (npm run dev): gRPC port.',
  }),
  devServerUiPort: setting({
    kind: kind.port,
    default: 8233,
    file: temporal('devServer.uiPort'),
    description: 'Embedded dev server: Web UI port.',
  }),
  devServerDbFile: setting({
    kind: kind.text,
    default: '.data/temporal.sqlite',
    file: temporal('devServer.dbFile'),
    description: 'Embedded dev server: SQLite file; runs survive restarts.',
  }),
};

export type Schema = typeof schema;
export type SettingName = keyof Schema;
/** Every setting's typed value after loading. */
export type Values = { [K in SettingName]: Schema[K] extends Setting<infer T> ? T : never };
