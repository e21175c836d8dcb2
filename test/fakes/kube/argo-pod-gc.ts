import type { ArgoWorkflow } from '../../../domain/types';
import { ArgoLabel } from './argo-names';
import type { Cluster } from './cluster';

/**
 * Argo's pod garbage collection (`spec.podGC`, Argo ≥ 3.5 semantics), played by the simulator:
 * `OnPodCompletion` deletes each pod once it has completed, `OnPodSuccess` only succeeded ones,
 * `OnWorkflowCompletion`/`OnWorkflowSuccess` all of the workflow's pods when it ends (successfully),
 * each after `deleteDelayDuration` (a Go duration; Argo's default is 5s). No strategy: pods stay.
 * `labelSelector` is not modelled (every pod matches).
 */
export class PodGc {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly cluster: Cluster) {}

  /** A pod reached `phase`: queue it for deletion when the strategy says so. */
  podCompleted(workflow: ArgoWorkflow, pod: string, phase: 'Succeeded' | 'Failed'): void {
    const { strategy, delayMs } = podGcOf(workflow);
    if (strategy === 'OnPodCompletion' || (strategy === 'OnPodSuccess' && phase === 'Succeeded'))
      this.later(delayMs, () => this.deletePod(workflow.metadata.namespace!, pod));
  }

  /** The workflow ended with `phase`: queue all its pods when the strategy says so. */
  workflowCompleted(workflow: ArgoWorkflow, phase: string): void {
    const { strategy, delayMs } = podGcOf(workflow);
    if (strategy !== 'OnWorkflowCompletion' && !(strategy === 'OnWorkflowSuccess' && phase === 'Succeeded')) return;
    const namespace = workflow.metadata.namespace!;
    this.later(delayMs, async () => {
      for (const pod of await this.cluster.list('pods', namespace))
        if (pod.metadata.labels?.[ArgoLabel.workflow] === workflow.metadata.name)
          await this.deletePod(namespace, pod.metadata.name!);
    });
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(ms: number, action: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void action().catch(() => undefined);
    }, ms);
    this.timers.add(timer);
  }

  private deletePod(namespace: string, name: string): Promise<void> {
    return this.cluster.delete('pods', namespace, name);
  }
}

function podGcOf(workflow: ArgoWorkflow): { strategy: string; delayMs: number } {
  const podGc = (workflow.spec.podGC ?? {}) as { strategy?: string; deleteDelayDuration?: string };
  return { strategy: podGc.strategy ?? '', delayMs: goDurationMs(podGc.deleteDelayDuration ?? '5s') };
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's `time.ParseDuration` for the forms Argo users write (`30s`, `1m30s`, `500ms`); anything else is 0. */
export function goDurationMs(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return 0;
  return parts.reduce((ms, [, n, unit]) => ms + Number(n) * UNIT_MS[unit!]!, 0);
}
