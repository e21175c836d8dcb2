import type { ArgoWorkflow } from '../domain/types';
import type { KubeGateway, WorkflowWatchEvent } from './kubernetes/gateway';

type Listener = (workflow: ArgoWorkflow | null) => void;

/**
 * One watch of kube-ci's Argo Workflows per worker process, shared by every run the worker follows.
 * Runs subscribe by namespace/name and hear each change (null = deleted). A run that resumes after a
 * crash subscribes again and reads the current object itself, so nothing here has to survive a restart.
 */
export class ArgoWorkflowWatch {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly kube: KubeGateway,
    private readonly namespace: string,
    private readonly labelSelector: string,
    private readonly logger: { error(message: string, meta?: Record<string, unknown>): void },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = this.kube
      .watchWorkflows(this.namespace, this.labelSelector, (event) => this.dispatch(event), this.abort.signal)
      .catch((err: unknown) => {
        if (!this.abort.signal.aborted) this.logger.error('argo workflow watch stopped', { error: String(err) });
      });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** Calls `listener` on every change of one workflow until the returned function is called. */
  subscribe(namespace: string, name: string, listener: Listener): () => void {
    const key = `${namespace}/${name}`;
    const set = this.listeners.get(key) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  private dispatch(event: WorkflowWatchEvent): void {
    const { namespace, name } = event.workflow.metadata;
    const set = this.listeners.get(`${namespace ?? ''}/${name ?? ''}`);
    if (!set) return;
    for (const listener of set) listener(event.type === 'DELETED' ? null : event.workflow);
  }
}
