import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { deploymentRecordPatch, readDeploymentRecord, type DeploymentRecord } from '../../domain/deployment-record';
import {
  argoWorkflowKey,
  isDeploymentFor,
  planDeploymentSync,
  type DeploymentSyncStep,
} from '../../domain/deployment-sync';
import type { ArgoWorkflow, CiTrigger } from '../../domain/types';
import { nodesOf } from '../argo-nodes';
import type { ActivityDeps } from '../deps';
import type { InstallationRepo } from '../github/gateway';
import { githubTarget } from '../github-target';

const DEFAULT_MAX_DEPLOYMENTS = 50;

/**
 * Brings the GitHub Deployments of one Argo Workflow up to date with its deploy nodes (SPEC B 14.2, G1 G9 G10):
 * a deployment per deploy node, created on demand, and one status per state change. Called by
 * `followArgoWorkflow` on every change it sees and by `finishCheckRun` once before the final update.
 *
 * Idempotent under retries and crashes, without any state in the worker:
 * - The record (`<prefix>/deployment-ids` and `<prefix>/deployment-states`, domain/deployment-record.ts) lives
 *   on the Argo Workflow and is written with one JSON merge patch after each sync, also when it stopped early.
 * - A change is decided on the object from the watch, then on a fresh GET: an event older than the last patch
 *   must not post again. Most calls see no change and make no request at all.
 * - Whatever was done but not yet recorded (a crash between GitHub's answer and the patch) is found on GitHub:
 *   a deployment by its payload (`kube_ci.argo_workflow` + `argo_node`) among the commit's deployments for that
 *   task and environment, a status by the deployment's newest status already having that state.
 *
 * Failures: a transient error (5xx, rate limit, network) is rethrown after recording what was done, so the
 * calling activity's retry policy runs. A permanent refusal (no Deployments permission, 422) is logged and that
 * state is recorded as handled: deployments are a report, and must not fail the run or be retried forever.
 * `heartbeat` is called after each GitHub request (the callers own their heartbeat details).
 */
export async function syncDeployments(
  deps: ActivityDeps,
  trigger: CiTrigger,
  seen: ArgoWorkflow,
  heartbeat: () => void = () => {},
): Promise<void> {
  if (plan(deps, trigger, seen).steps.length === 0) return;
  const namespace = seen.metadata.namespace ?? deps.settings.namespace;
  const name = seen.metadata.name ?? '';
  const workflow = await deps.kube.getWorkflow(namespace, name);
  if (!workflow) return;
  const { steps, warnings } = plan(deps, trigger, workflow);
  for (const warning of warnings) log.warn('deployment tracking', { workflow: name, warning });
  if (steps.length === 0) return;
  const record = readDeploymentRecord(workflow, deps.settings.annotationPrefix);
  const at = githubTarget(trigger);
  try {
    for (const step of steps) {
      await applyStep(deps, { at, workflow, record, step, heartbeat });
    }
  } finally {
    await deps.kube.patchWorkflow(namespace, name, deploymentRecordPatch(deps.settings.annotationPrefix, record));
  }
}

function plan(deps: ActivityDeps, trigger: CiTrigger, workflow: ArgoWorkflow) {
  return planDeploymentSync({
    workflow,
    nodes: nodesOf(workflow),
    record: readDeploymentRecord(workflow, deps.settings.annotationPrefix),
    settings: deps.settings,
    run: { ...trigger, deployment: trigger.deployment },
    maxDeployments: deps.maxDeploymentsPerRun ?? DEFAULT_MAX_DEPLOYMENTS,
  });
}

interface StepContext {
  at: InstallationRepo;
  workflow: ArgoWorkflow;
  /** updated in place as GitHub takes each step */
  record: DeploymentRecord;
  step: DeploymentSyncStep;
  heartbeat: () => void;
}

async function applyStep(deps: ActivityDeps, { at, workflow, record, step, heartbeat }: StepContext): Promise<void> {
  try {
    let id = step.deploymentId;
    let fresh = false;
    if (id === undefined && step.create) {
      const made = await findMade(deps, at, workflow, step);
      heartbeat();
      if (made === undefined) {
        id = (await deps.github.createDeployment(at, step.create)).id;
        fresh = true;
        heartbeat();
      } else id = made;
    }
    if (id === undefined) return;
    record.ids[step.nodeId] = id;
    // A status posted before a crash, not yet recorded: GitHub's newest status for this deployment says so.
    if (!fresh && (await newestState(deps, at, id)) === step.status.state) {
      record.states[step.nodeId] = step.status.state;
      return;
    }
    await deps.github.createDeploymentStatus(at, id, step.status);
    heartbeat();
    record.states[step.nodeId] = step.status.state;
    log.info('deployment status posted', { deployment: id, node: step.nodeId, state: step.status.state });
  } catch (err) {
    if (!(err instanceof ApplicationFailure) || !err.nonRetryable) throw err;
    // Permanent: recorded as handled so it is not retried on every event; the next state change tries again.
    log.warn('deployment not reported', { node: step.nodeId, state: step.status.state, message: err.message });
    record.states[step.nodeId] = step.status.state;
  }
}

/** The deployment an earlier attempt made for this node, if GitHub has one. */
async function findMade(
  deps: ActivityDeps,
  at: InstallationRepo,
  workflow: ArgoWorkflow,
  step: DeploymentSyncStep,
): Promise<number | undefined> {
  const create = step.create!;
  const listed = await deps.github.listDeployments(at, {
    sha: create.payload.kube_ci.sha,
    task: create.task,
    environment: create.environment,
  });
  return listed.find((d) => isDeploymentFor(d.payload, argoWorkflowKey(workflow), step.nodeId))?.id;
}

async function newestState(deps: ActivityDeps, at: InstallationRepo, id: number): Promise<string | undefined> {
  const statuses = await deps.github.listDeploymentStatuses(at, id);
  return statuses.reduce<{ id: number; state: string } | undefined>((a, b) => (a && a.id > b.id ? a : b), undefined)
    ?.state;
}
