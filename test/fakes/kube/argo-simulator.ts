import type { ArgoWorkflow, ArgoWorkflowStatus } from '../../../domain/types';
import { ArgoAnnotation, ArgoLabel } from './argo-names';
import {
  compress,
  finishWorkflow,
  isActivePod,
  isStopRequested,
  now,
  readStatus,
  setNode,
  startAncestors,
  startNode,
} from './argo-status';
import { planNodes } from './argo-nodes';
import { PodGc } from './argo-pod-gc';
import { podFor } from './argo-pods';
import { asCluster, type Cluster, type ClusterEvent } from './cluster';
import type { FakeKube } from './fake-kube';
import type { KubeObject } from './store';

export type RunOutcome = 'Succeeded' | 'Failed' | 'Error';

/** How one workflow runs. Keys of `logs`/`nodeMessages` are template names. */
export interface RunPlan {
  outcome?: RunOutcome;
  logs?: Record<string, string>;
  nodeMessages?: Record<string, string>;
  /** template that fails when outcome is not Succeeded; default: the last Pod node */
  failingTemplate?: string;
  /** the first Pod node stays Running until `finish()` or a deadline */
  holdRunning?: boolean;
  /** with holdRunning: hold the first Pod node of this template instead (the ones before it finish) */
  holdTemplate?: string;
  stepDelayMs?: number;
  /** write `status.compressedNodes` (gzip+base64) instead of `status.nodes`, as Argo does for large maps */
  compressNodes?: boolean;
}

export type Planner = (workflow: ArgoWorkflow) => RunPlan;

interface Run {
  stopped: boolean;
  terminating?: boolean;
  release?: (outcome: RunOutcome) => void;
  /** finish() came before the run reached its hold */
  finishedEarly?: RunOutcome;
}

const FAILED_EXIT = 'Error (exit code 1)';

/**
 * Plays the Argo workflow controller against a Cluster (cluster.ts): the fake's store, or a real
 * kube-apiserver it is a client of (watching Workflows, writing their status and Pods through the API):
 * every new Workflow goes Pending → Running → Succeeded/Failed/Error with real status shapes and v2-named
 * Pods. State lives in the cluster, so clients (a kube-ci worker) may come and go, crash included, while a
 * workflow runs. `spec.podGC` is honoured (argo-pod-gc.ts): pods may be gone before the workflow ends.
 */
export class ArgoSimulator {
  private planner: Planner = () => ({});
  private readonly runs = new Map<string, Run>();
  private readonly unsubscribe: () => void;
  private readonly podGc: PodGc;
  private readonly cluster: Cluster;

  constructor(
    target: FakeKube | Cluster,
    private readonly defaultStepDelayMs = 15,
  ) {
    this.cluster = asCluster(target);
    this.unsubscribe = this.cluster.subscribe((event) => this.onEvent(event));
    this.podGc = new PodGc(this.cluster);
  }

  plan(planner: Planner): void {
    this.planner = planner;
  }

  /**
   * Releases a `holdRunning` workflow with the given outcome; one not at its hold yet (its writes still on
   * their way to a real server) is released the moment it gets there.
   */
  finish(namespace: string, name: string, outcome: RunOutcome): void {
    const run = this.runs.get(`${namespace}/${name}`);
    if (!run) throw new Error(`workflow ${namespace}/${name} is not being held`);
    if (run.release) run.release(outcome);
    else run.finishedEarly = outcome;
  }

  /** Resolves with the workflow once `predicate` holds for its stored state. */
  waitFor(
    namespace: string,
    name: string,
    predicate: (wf: ArgoWorkflow) => boolean,
    timeoutMs = 10_000,
  ): Promise<ArgoWorkflow> {
    return new Promise((resolve, reject) => {
      const check = (wf: ArgoWorkflow | undefined) => {
        if (wf && predicate(wf)) {
          cleanup();
          resolve(wf);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for workflow ${namespace}/${name}`));
      }, timeoutMs);
      const unsubscribe = this.cluster.subscribe((event) => {
        const { resource, type, object } = event;
        if (resource === 'workflows' && type !== 'DELETED' && event.namespace === namespace)
          if (object.metadata.name === name) check(object as unknown as ArgoWorkflow);
      });
      const cleanup = () => {
        clearTimeout(timer);
        unsubscribe();
      };
      void this.cluster.get('workflows', namespace, name).then((wf) => check(wf as ArgoWorkflow | undefined), reject);
    });
  }

  /** Writes the cluster refused (a real server's 422 on a status shape, say): each fails the test that reads it. */
  readonly errors: { workflow: string; error: unknown }[] = [];

  private failed(workflow: string, error: unknown): void {
    this.errors.push({ workflow, error });
    process.stderr.write(`argo simulator: ${workflow}: ${String(error)}\n`);
  }

  stop(): void {
    this.unsubscribe();
    this.podGc.stop();
    for (const run of this.runs.values()) run.stopped = true;
  }

  private onEvent(event: ClusterEvent): void {
    if (event.resource !== 'workflows') return;
    const key = `${event.namespace}/${event.object.metadata.name}`;
    const wf = event.object as unknown as ArgoWorkflow;
    if (event.type === 'DELETED') {
      const run = this.runs.get(key);
      if (run) run.stopped = true;
      this.runs.delete(key);
    } else if (event.type === 'ADDED' && !wf.status?.phase && !this.runs.has(key)) {
      const run: Run = { stopped: false };
      this.runs.set(key, run);
      void this.execute(wf, run, this.planner(wf)).catch((error: unknown) => this.failed(key, error));
    } else if (this.runs.has(key) && !this.runs.get(key)!.terminating && isStopRequested(wf)) {
      void this.terminate(wf).catch((error: unknown) => this.failed(key, error));
    }
  }

  private async execute(initial: ArgoWorkflow, run: Run, plan: RunPlan): Promise<void> {
    const delay = () => new Promise((r) => setTimeout(r, plan.stepDelayMs ?? this.defaultStepDelayMs));
    const { namespace, name } = initial.metadata as { namespace: string; name: string };
    const planned = planNodes(initial);
    const podNodes = planned.filter((n) => n.type === 'Pod');
    let outcome: RunOutcome = plan.outcome ?? 'Succeeded';
    const failing =
      outcome === 'Succeeded'
        ? undefined
        : (podNodes.find((n) => n.templateName === plan.failingTemplate) ?? podNodes.at(-1));

    await delay();
    if (
      !(await this.update(namespace, name, run, (wf, s) => {
        s.phase = 'Pending';
        wf.metadata.labels = { ...wf.metadata.labels, [ArgoLabel.phase]: 'Pending' };
        wf.metadata.annotations = { ...wf.metadata.annotations, [ArgoAnnotation.podNameFormat]: 'v2' };
      }))
    )
      return;
    await delay();
    if (
      !(await this.update(namespace, name, run, (wf, s) => {
        s.phase = 'Running';
        wf.metadata.labels = { ...wf.metadata.labels, [ArgoLabel.phase]: 'Running' };
        s.startedAt = now();
        s.progress = `0/${podNodes.length}`;
        startNode(s, planned[0]!);
      }))
    )
      return;

    const held = plan.holdRunning
      ? (podNodes.find((n) => plan.holdTemplate === undefined || n.templateName === plan.holdTemplate) ?? podNodes[0])
      : undefined;
    for (const [index, node] of podNodes.entries()) {
      const pod = podFor(initial, node);
      this.cluster.setPodLog(namespace, pod.metadata.name!, 'main', plan.logs?.[node.templateName ?? ''] ?? '');
      if (run.stopped) return;
      await this.cluster.create('pods', pod);
      if (!(await this.update(namespace, name, run, (_wf, s) => startAncestors(s, node, planned)))) return;
      await delay();
      if (!(await this.update(namespace, name, run, (_wf, s) => setNode(s, node.id, { phase: 'Running' })))) return;
      await this.setPodPhase(pod, 'Running');
      if (node === held) {
        outcome = run.finishedEarly ?? (await new Promise<RunOutcome>((resolve) => (run.release = resolve)));
        if (run.stopped || run.terminating) return;
      } else await delay();
      const fails = outcome !== 'Succeeded' && (node === failing || node === held);
      const message = plan.nodeMessages?.[node.templateName ?? ''] ?? (fails ? FAILED_EXIT : undefined);
      const phase = fails ? outcome : 'Succeeded';
      if (
        !(await this.update(namespace, name, run, (_wf, s) => {
          setNode(s, node.id, { phase, finishedAt: now(), ...(message ? { message } : {}) });
          s.progress = `${index + 1}/${podNodes.length}`;
        }))
      )
        return;
      await this.setPodPhase(pod, fails ? 'Failed' : 'Succeeded');
      this.podGc.podCompleted(initial, pod.metadata.name!, fails ? 'Failed' : 'Succeeded');
      // a failed child fails its parents up to the root; a root Pod node passes its own message on
      if (fails)
        return void (await this.complete(
          namespace,
          name,
          run,
          phase,
          node.id === name ? message : `child '${node.id}' failed`,
        ));
    }
    await this.complete(namespace, name, run, 'Succeeded', undefined);
  }

  private async complete(
    namespace: string,
    name: string,
    run: Run,
    phase: RunOutcome,
    message: string | undefined,
    byTermination = false,
  ): Promise<void> {
    let completed: ArgoWorkflow | undefined;
    const updated = await this.update(
      namespace,
      name,
      run,
      (wf, s) => {
        for (const node of Object.values(s.nodes ?? {})) {
          if (node.type !== 'Pod' && (node.phase === 'Running' || node.phase === 'Pending')) {
            Object.assign(node, { phase, finishedAt: now() }, message ? { message } : {});
          }
        }
        finishWorkflow(wf, s, phase, message);
        completed = wf;
      },
      byTermination,
    );
    if (updated && completed) this.podGc.workflowCompleted(completed, phase);
    this.runs.delete(`${namespace}/${name}`);
  }

  /** activeDeadlineSeconds 0 (kube-ci's cancel) or spec.shutdown: running nodes fail, then the workflow. */
  private async terminate(wf: ArgoWorkflow): Promise<void> {
    const { namespace, name } = wf.metadata as { namespace: string; name: string };
    const run = this.runs.get(`${namespace}/${name}`)!;
    run.terminating = true;
    const shutdown = wf.spec.shutdown as string | undefined;
    const nodeMessage = shutdown ? `Stopped with strategy '${shutdown}'` : 'Step exceeded its deadline';
    let failedChild = '';
    await this.update(
      namespace,
      name,
      run,
      (_wf, s) => {
        failedChild = '';
        for (const node of Object.values(s.nodes ?? {})) {
          if (node.type === 'Pod' && (node.phase === 'Running' || node.phase === 'Pending')) {
            Object.assign(node, { phase: 'Failed', message: nodeMessage, finishedAt: now() });
            failedChild ||= node.id;
          }
        }
      },
      true,
    );
    for (const pod of await this.cluster.list('pods', namespace)) {
      if (pod.metadata.labels?.[ArgoLabel.workflow] === name && isActivePod(pod)) await this.setPodPhase(pod, 'Failed');
    }
    run.release?.('Failed');
    // Argo: with a shutdown strategy the workflow says so; otherwise it carries the root node's message
    const message = shutdown ? nodeMessage : `child '${failedChild || name}' failed`;
    await this.complete(namespace, name, run, 'Failed', message, true);
    run.stopped = true;
  }

  /**
   * Read-modify-write of the workflow (Cluster.update: atomic on the fake, retried on 409 on a real server,
   * so `mutate` may run more than once, each time on the latest object); false once the run is over.
   */
  private async update(
    namespace: string,
    name: string,
    run: Run,
    mutate: (wf: ArgoWorkflow, status: ArgoWorkflowStatus) => void,
    byTermination = false,
  ): Promise<boolean> {
    // once terminating, only the termination writes: the run loop must not write over it
    if (run.stopped || (run.terminating && !byTermination)) return false;
    const updated = await this.cluster.update('workflows', namespace, name, (object) => {
      const wf = object as unknown as ArgoWorkflow;
      const status = readStatus(wf);
      mutate(wf, status);
      wf.status = this.planner(wf).compressNodes ? compress(status) : status;
    });
    return updated !== undefined;
  }

  private async setPodPhase(pod: KubeObject, phase: string): Promise<void> {
    await this.cluster.update('pods', pod.metadata.namespace!, pod.metadata.name!, (current) => {
      current.status = { ...(current.status as object), phase };
      if (phase === 'Succeeded' || phase === 'Failed')
        current.metadata.labels = { ...current.metadata.labels, [ArgoLabel.completed]: 'true' };
    });
  }
}
