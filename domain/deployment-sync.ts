import { deployTemplatesRegex } from './deploy-templates';
import type { DeploymentRecord, DeploymentState } from './deployment-record';
import { nodeLogUrl } from './argo-ui-url';
import { compileRegex } from './regex';
import { truncateText } from './truncate-text';
import type { ArgoNode, ArgoWorkflow, DeploymentRequest, RefType, RepoRef, RunSettings } from './types';

/** GitHub refuses a deployment status description over 140 characters (REST docs, create a deployment status). */
const STATUS_DESCRIPTION_LIMIT = 140;

const STATE_OF_PHASE: Readonly<Record<string, DeploymentState>> = {
  Running: 'in_progress',
  Succeeded: 'success',
  Failed: 'failure',
  Error: 'error',
};

/** A deployment to create for a node (SPEC B 14.3), unless GitHub already has the one made by an earlier attempt. */
export interface NewDeployment {
  ref: string;
  task: string;
  environment: string;
  description: string;
  productionEnvironment: boolean;
  payload: { kube_ci: DeploymentPayload };
}

/** The `kube_ci` payload of a deployment kube-ci creates: the original's fields plus the node it tracks. */
export interface DeploymentPayload {
  run: false;
  create_deployment: false;
  ref_type: RefType;
  ref_name: string;
  sha: string;
  /** `<namespace>/<name>` of the Argo Workflow: with `argo_node`, finds a deployment made before a crash */
  argo_workflow: string;
  argo_node: string;
}

/** A deployment status to post (SPEC B 14.2). */
export interface NewDeploymentStatus {
  state: DeploymentState;
  logUrl: string;
  description: string;
  environment: string;
  autoInactive: true;
}

/** One node whose deployment state changed: post `status`, to `deploymentId` or to the deployment `create` makes. */
export interface DeploymentSyncStep {
  nodeId: string;
  deploymentId?: number;
  create?: NewDeployment;
  status: NewDeploymentStatus;
}

/** Input of {@link planDeploymentSync}. */
export interface DeploymentSyncInput {
  workflow: ArgoWorkflow;
  /** the node map, decompressed by the caller */
  nodes: Record<string, ArgoNode>;
  record: DeploymentRecord;
  settings: Pick<
    RunSettings,
    'annotationPrefix' | 'deployTemplates' | 'productionEnvironments' | 'environmentParameter' | 'argoUiBase'
  >;
  run: { repo: RepoRef; sha: string; ref: string; refType: RefType; deployment?: DeploymentRequest | undefined };
  /** at most this many deployments per Argo Workflow; nodes past it are not tracked (a warning says so) */
  maxDeployments: number;
}

/**
 * `controller.go: syncDeployments` (SPEC B 14.2) as a pure diff: which deploy nodes need a status posted now.
 * A node is a deploy node when its `templateName` matches `deployTemplates` (the annotation overrides the
 * config; a bad annotation is a warning and the config regex is used, G3). Its environment is its input
 * parameter `environmentParameter`; without one it is skipped with a warning.
 *
 * Differences from the original: a state already posted for a node is not posted again (G9); the node of a
 * deployment-triggered run that runs `deployment.task` for `deployment.environment` reports to that deployment
 * (G10); `production_environment` comes from `productionEnvironments` (G1); StepGroup/TaskGroup nodes and the
 * retried Pods under a Retry node are not deployments of their own (the Retry node is); the deployment's ref is
 * the commit sha the run built, not the branch, which may have moved on since.
 */
export function planDeploymentSync(input: DeploymentSyncInput): { steps: DeploymentSyncStep[]; warnings: string[] } {
  const { workflow, nodes, record, settings, run } = input;
  const templates = deployTemplatesRegex(workflow, settings);
  const warnings = templates.warning ? [templates.warning] : [];
  const production = compileRegex(settings.productionEnvironments);
  if (!production.ok) warnings.push(`productionEnvironments is not a valid regex, ${production.error}`);
  const retried = new Set(
    Object.values(nodes).flatMap((n) => (n.type === 'Retry' ? ((n.children as string[] | undefined) ?? []) : [])),
  );
  const steps: DeploymentSyncStep[] = [];
  let tracked = Object.keys(record.ids).length;
  const candidates = Object.values(nodes)
    .filter((n) => n.templateName && templates.re.test(n.templateName))
    .filter((n) => n.type !== 'StepGroup' && n.type !== 'TaskGroup' && !retried.has(n.id))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const node of candidates) {
    const state = STATE_OF_PHASE[node.phase ?? ''];
    if (!state || record.states[node.id] === state) continue;
    const template = node.templateName!;
    const environment = node.inputs?.parameters?.find((p) => p.name === settings.environmentParameter)?.value;
    if (!environment) {
      warnings.push(
        `deploy step ${node.name} (${template}) has no input parameter ${settings.environmentParameter}: not tracked as a deployment`,
      );
      continue;
    }
    const status = statusFor(input, node, state, environment);
    const asked = run.deployment;
    const deploymentId =
      record.ids[node.id] ??
      (asked?.id !== undefined && asked.task === template && asked.environment === environment ? asked.id : undefined);
    if (deploymentId !== undefined) {
      steps.push({ nodeId: node.id, deploymentId, status });
      continue;
    }
    if (tracked >= input.maxDeployments) {
      warnings.push(
        `only ${input.maxDeployments} deploy steps per run are tracked as deployments; ${node.name} is not`,
      );
      continue;
    }
    tracked += 1;
    const isProduction = production.ok && production.re.test(environment);
    steps.push({ nodeId: node.id, create: newDeployment(input, node, environment, isProduction), status });
  }
  return { steps, warnings };
}

/** Whether a deployment listed on GitHub is the one kube-ci made for `nodeId` of this Argo Workflow. */
export function isDeploymentFor(payload: unknown, argoWorkflow: string, nodeId: string): boolean {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return false; // not a payload kube-ci wrote
    }
  }
  const kubeCi = (value as { kube_ci?: Partial<DeploymentPayload> } | null)?.kube_ci;
  return kubeCi?.argo_workflow === argoWorkflow && kubeCi.argo_node === nodeId;
}

/** `<namespace>/<name>`: how a deployment's payload names its Argo Workflow. */
export function argoWorkflowKey(workflow: ArgoWorkflow): string {
  return `${workflow.metadata.namespace ?? ''}/${workflow.metadata.name ?? ''}`;
}

function newDeployment(
  { workflow, run }: DeploymentSyncInput,
  node: ArgoNode,
  environment: string,
  productionEnvironment: boolean,
): NewDeployment {
  const template = node.templateName!;
  return {
    ref: run.sha,
    task: template,
    environment,
    description: `deploying ${run.repo.owner}/${run.repo.name} (${template}) to ${environment}`,
    productionEnvironment,
    payload: {
      kube_ci: {
        run: false,
        create_deployment: false,
        ref_type: run.refType,
        ref_name: run.ref,
        sha: run.sha,
        argo_workflow: argoWorkflowKey(workflow),
        argo_node: node.id,
      },
    },
  };
}

function statusFor(
  { workflow, settings, run }: DeploymentSyncInput,
  node: ArgoNode,
  state: DeploymentState,
  environment: string,
): NewDeploymentStatus {
  const description = `deploying ${run.repo.owner}/${run.repo.name} (${node.templateName}) to ${environment}: ${state}`;
  return {
    state,
    logUrl: nodeLogUrl(settings.argoUiBase, workflow, node.id),
    description: truncateText(description, STATUS_DESCRIPTION_LIMIT, { marker: 'ellipsis' }),
    environment,
    autoInactive: true,
  };
}
