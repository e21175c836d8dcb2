import { Client } from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../../api/app';
import { createTemporalGateway, type TemporalGateway } from '../../temporal/gateway';
import { createGitHubGateway } from '../../activities/github/octokit-gateway';
import { createKubeGateway } from '../../activities/kubernetes/client-gateway';
import type { GitHubGateway } from '../../activities/github/gateway';
import type { StarlarkRenderer } from '../../activities/load-pipeline';
import type { WatchRestartBackoff } from '../../activities/argo-workflow-watch';
import type { ArgoWorkflow, RunSettings } from '../../domain/types';
import type { WorkflowPolicy } from '../../domain/workflow-policy-types';
import type { PipelineStore } from '../../activities/pipeline-store';
import type { CommandSettings } from '../../activities/deps';
import { createWorker, type CreateWorkerOptions, type KubeCiWorker } from '../../worker/create-worker';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github';
import { ArgoSimulator } from '../fakes/kube/argo-simulator';
import type { Cluster } from '../fakes/kube/cluster';
import type { FakeKube } from '../fakes/kube/fake-kube';
import { kubeConfigFromYaml } from '../../activities/kubernetes/kube-config';
import type { RealKube, RealKubeOptions } from '../support/real-kube/real-kube';
import { kubeTier, startKube, type KubeTier, type KubeUnderTest } from './kube-tier';
import { listenOnLoopback } from '../support/listen';
import { startTestTemporal, type TestTemporal, type TestTemporalOptions } from '../support/temporal';
import { installQuietRuntime } from '../support/quiet-temporal';
import { sharedWorkflowBundle } from '../support/workflow-bundle';

export const webhookSecret = 'e2e-webhook-secret';
/** The App id the @octokit/webhooks-examples payloads carry. */
export const exampleAppId = 29310;
export const taskQueue = 'kube-ci-e2e';

export const e2eSettings: RunSettings = {
  namespace: 'argo',
  managedBy: 'kube-ci',
  annotationPrefix: 'kube-ci.qutics.com',
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ci', effect: 'NoSchedule' }],
  nodeSelector: { ci: 'true' },
  cacheDefaults: { scope: '', size: '', storageClassName: '' },
  buildDraftPRs: false,
  buildBranches: '.*',
  manualTemplates: '^$',
  essentialTemplates: '^$',
  deployTemplates: '^$',
  productionEnvironments: '^production$',
  nonInteractiveBranches: '^$',
  environmentParameter: 'environment',
  argoUiBase: 'http://argo.example',
};

export interface Stack {
  /** the Temporal gateway the API and the worker use */
  gateway: TemporalGateway;
  temporal: TestTemporal;
  client: Client;
  github: FakeGitHub;
  /** which Kubernetes this stack runs on (kube-tier.ts) */
  tier: KubeTier;
  kube: KubeUnderTest;
  /** writes and fresh reads of the cluster, either tier (the admin's, on the real tier) */
  cluster: Cluster;
  /** the fake API server, on the fake tier only */
  fake?: FakeKube;
  /** the real API server, on the real tier only */
  real?: RealKube;
  argo: ArgoSimulator;
  apiUrl: string;
  settings: RunSettings;
  /** starts an in-process worker (tests that crash workers run their own process instead) */
  startWorker(): Promise<KubeCiWorker>;
  stopWorker(): Promise<void>;
  /** the in-process worker started by startWorker; throws when none runs */
  runningWorker(): KubeCiWorker;
  argoWorkflows(): ArgoWorkflow[];
  close(): Promise<void>;
}

/**
 * The follow activity's heartbeat timeout of the stack's workers, in-process and processes (process-environment.ts):
 * short, so a test that kills a worker sees its runs taken over in seconds, not after production's 60 s.
 */
export const E2E_FOLLOW_HEARTBEAT_TIMEOUT_MS = 10_000;

let bundle: Promise<{ code: string }> | undefined;

/**
 * The whole system on real parts where they can run here: a real Temporal dev server, the real API
 * (express + Temporal client) and worker (Octokit, client-node), against the HTTP-level GitHub and
 * Kubernetes stand-ins with the Argo controller simulator.
 */
export async function startStack(
  options: {
    progressIntervalMs?: number;
    worker?: boolean;
    /** builds the worker's ci.star renderer over the stack's GitHub gateway (test/e2e/starlark.test.ts) */
    renderStarlark?: (github: GitHubGateway) => StarlarkRenderer;
    /** the worker's store of large pipelines (a store of capacity 0 forces the re-render path) */
    pipelineStore?: PipelineStore;
    maxPipelineBytesInHistory?: number;
    /** how long runs wait for manual-step buttons (KUBECI_MANUAL_STEP_WAIT); default the production 14 days */
    manualStepWaitMs?: number;
    followRereadIntervalMs?: number;
    /** the follow activity's heartbeat timeout; default {@link E2E_FOLLOW_HEARTBEAT_TIMEOUT_MS} (production: 60 s) */
    followHeartbeatTimeoutMs?: number;
    watchRestartBackoff?: WatchRestartBackoff;
    /** the worker's workflow policy; default: the production default (DEFAULT_WORKFLOW_POLICY) */
    policy?: WorkflowPolicy;
    /** `/kube-ci` commands' authorised orgs and setup templates */
    commands?: CommandSettings;
    /** turns the API's Slack commands on */
    slack?: { signingSecret: string; users: string[]; channels: string[] };
    /** the real tier's server options (RBAC, request timeout); ignored on the fake tier */
    realKube?: RealKubeOptions;
    /** the worker's plugins (test/e2e/tracing.test.ts: OpenTelemetry) */
    workerPlugins?: CreateWorkerOptions['plugins'];
  } & TestTemporalOptions = {},
): Promise<Stack> {
  installQuietRuntime();
  bundle ??= sharedWorkflowBundle();
  const temporal = await startTestTemporal(options);
  const client = new Client({ connection: temporal.connection });
  const github = await startFakeGitHub({ appId: exampleAppId });
  const kubeSetup = await startKube(kubeTier, options.realKube);
  const { kube, cluster } = kubeSetup;
  const argo = new ArgoSimulator(cluster, 30);
  const logger = pino({ level: 'silent' });
  const gateway = createTemporalGateway({ connection: temporal.connection, namespace: 'default', taskQueue });
  const app = createApp({
    secret: webhookSecret,
    appId: exampleAppId,
    allowedInstallationIds: [],
    temporal: gateway,
    logger,
    isServing: () => true,
    ...(options.slack
      ? { slack: { ...options.slack, temporalUi: { base: 'http://temporal-ui.example', namespace: 'default' } } }
      : {}),
  });
  const api = await listenOnLoopback(app);
  const apiUrl = api.url;

  let worker: { kubeCi: KubeCiWorker; running: Promise<void> } | undefined;
  const stack: Stack = {
    temporal,
    client,
    gateway,
    github,
    tier: kubeSetup.tier,
    kube,
    cluster,
    ...(kubeSetup.fake ? { fake: kubeSetup.fake } : {}),
    ...(kubeSetup.real ? { real: kubeSetup.real } : {}),
    argo,
    apiUrl,
    settings: e2eSettings,
    async startWorker() {
      const githubGateway = createGitHubGateway({
        appId: github.appId,
        privateKey: github.privateKey,
        baseUrl: github.url,
      });
      const kubeCi = await createWorker({
        connection: temporal.nativeConnection,
        temporal: gateway,
        namespace: 'default',
        taskQueue,
        temporalUiBase: 'http://temporal-ui.example',
        github: githubGateway,
        ...(options.renderStarlark ? { renderStarlark: options.renderStarlark(githubGateway) } : {}),
        kube: createKubeGateway(kubeConfigFromYaml(kube.kubeConfigYaml())),
        settings: e2eSettings,
        ...(options.policy ? { policy: options.policy } : {}),
        ...(options.commands ? { commands: options.commands } : {}),
        pipelineFiles: { contextPath: '.kube-ci', yamlFile: 'ci.yaml', starlarkFile: 'ci.star' },
        progressIntervalMs: options.progressIntervalMs ?? 200,
        ...(options.followRereadIntervalMs ? { followRereadIntervalMs: options.followRereadIntervalMs } : {}),
        followHeartbeatTimeoutMs: options.followHeartbeatTimeoutMs ?? E2E_FOLLOW_HEARTBEAT_TIMEOUT_MS,
        ...(options.watchRestartBackoff ? { watchRestartBackoff: options.watchRestartBackoff } : {}),
        ...(options.pipelineStore ? { pipelineStore: options.pipelineStore } : {}),
        ...(options.maxPipelineBytesInHistory ? { maxPipelineBytesInHistory: options.maxPipelineBytesInHistory } : {}),
        ...(options.manualStepWaitMs ? { manualStepWaitMs: options.manualStepWaitMs } : {}),
        workflowBundle: await bundle!,
        ...(options.workerPlugins ? { plugins: options.workerPlugins } : {}),
        logger: { error: () => undefined },
      });
      worker = { kubeCi, running: kubeCi.run() };
      return kubeCi;
    },
    async stopWorker() {
      if (!worker) return;
      worker.kubeCi.worker.shutdown();
      await worker.running;
      worker = undefined;
    },
    runningWorker() {
      if (!worker) throw new Error('no in-process worker is running');
      return worker.kubeCi;
    },
    argoWorkflows: () => kube.store.list('workflows', 'argo') as unknown as ArgoWorkflow[],
    async close() {
      await stack.stopWorker();
      argo.stop();
      await api.close();
      await temporal.close();
      await github.close();
      await kubeSetup.close();
      // a write the cluster refused (a real server's 422 on a status the simulator wrote) fails the file
      if (argo.errors.length > 0) throw new Error(`the Argo simulator failed: ${String(argo.errors[0]!.error)}`);
    },
  };
  if (options.worker !== false) await stack.startWorker();
  return stack;
}
