import type { ArgoWorkflow } from '../domain/types';
import { abortableSleep } from './abortable-sleep';
import type { KubeGateway, WorkflowWatchEvent } from './kubernetes/gateway';

type Listener = (workflow: ArgoWorkflow | null) => void;

/** Pauses between restarts of a watch that stopped on an error: doubling from the first to the last. */
export interface WatchRestartBackoff {
  initialMs: number;
  maxMs: number;
}

const DEFAULT_BACKOFF: WatchRestartBackoff = { initialMs: 1_000, maxMs: 60_000 };

/**
 * One watch of kube-ci's Argo Workflows per worker process, shared by every run the worker follows.
 * Runs subscribe by namespace/name and hear each change (null = deleted). A run that resumes after a
 * crash subscribes again and reads the current object itself, so nothing here has to survive a restart.
 * The gateway's watch re-watches dropped streams itself and stops only on errors it thinks permanent
 * (401/403/422): those are restarted here with backoff, since RBAC gets fixed and API servers come back;
 * meanwhile followers re-read their object on their own (follow-argo-workflow.ts), so no run waits on it.
 * While a stream is open nothing is lost (a dropped stream resumes from its resourceVersion, a 410 re-lists
 * and reports the difference), so followers read nothing then: `downForMs` and `restarts` tell them when to.
 */
export class ArgoWorkflowWatch {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  /** how many times the watch stopped on an error and was started again */
  restarts = 0;
  /**
   * How many restarts got as far as an open stream. A restart lists afresh and cannot report deletions made
   * while it was stopped, so a follower that sees this change reads its object once (the list is done then).
   */
  resumed = 0;
  private resumePending = false;
  /** when the last open stream ended (or this watch was made); undefined while a stream is open */
  private downSince: number | undefined = Date.now();

  constructor(
    private readonly kube: KubeGateway,
    private readonly namespace: string,
    private readonly labelSelector: string,
    private readonly logger: { error(message: string, meta?: Record<string, unknown>): void },
    private readonly backoff: WatchRestartBackoff = DEFAULT_BACKOFF,
  ) {}

  start(): void {
    this.running ??= this.keepWatching();
  }

  private async keepWatching(): Promise<void> {
    const signal = this.abort.signal;
    let pause = this.backoff.initialMs;
    while (!signal.aborted) {
      const startedAt = Date.now();
      let error: unknown = 'the watch ended';
      try {
        await this.kube.watchWorkflows(
          this.namespace,
          this.labelSelector,
          (event) => this.dispatch(event),
          signal,
          (synced) => this.onSync(synced),
        );
      } catch (err) {
        error = err;
      }
      if (signal.aborted) return;
      // A watch that ran for a while before failing starts again from the first pause.
      if (Date.now() - startedAt > this.backoff.maxMs) pause = this.backoff.initialMs;
      this.logger.error('argo workflow watch stopped; restarting', { error: String(error), retryInMs: pause });
      await abortableSleep(pause, signal);
      pause = Math.min(pause * 2, this.backoff.maxMs);
      this.restarts += 1;
      this.resumePending = true;
    }
  }

  private onSync(synced: boolean): void {
    if (!synced) {
      this.downSince ??= Date.now();
      return;
    }
    this.downSince = undefined;
    if (this.resumePending) this.resumed += 1;
    this.resumePending = false;
  }

  /** 0 while a watch stream is open; otherwise how long none has been (since the last one ended). */
  downForMs(now = Date.now()): number {
    return this.downSince === undefined ? 0 : now - this.downSince;
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
