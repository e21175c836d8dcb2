import type { ObjectStore, StoreEvent } from '../test/fakes/kube/store';

export interface WorkflowAdded {
  /** performance.now() when the fake API server committed the Workflow */
  atMs: number;
  name: string;
}

/**
 * Notes the moment the fake Kubernetes store commits an Argo Workflow (the ADDED event), keyed by the
 * commit sha annotation every run's Workflow carries. The store calls listeners synchronously inside
 * the create, so the time is the server-side moment, not when a watch stream delivered it.
 */
export class WorkflowAddedClock {
  private readonly seen = new Map<string, WorkflowAdded>();
  private readonly waiters = new Map<string, (added: WorkflowAdded) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    store: ObjectStore,
    private readonly shaAnnotation: string,
  ) {
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
  }

  /** Resolves when a Workflow with this sha is (or was already) added; rejects after `timeoutMs`. */
  added(sha: string, timeoutMs = 30_000): Promise<WorkflowAdded> {
    const already = this.seen.get(sha);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(sha);
        reject(new Error(`no Argo Workflow for sha ${sha} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(sha, (added) => {
        clearTimeout(timer);
        resolve(added);
      });
    });
  }

  stop(): void {
    this.unsubscribe();
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource !== 'workflows' || event.type !== 'ADDED') return;
    const sha = event.object.metadata.annotations?.[this.shaAnnotation];
    if (!sha || this.seen.has(sha)) return;
    const added = { atMs: performance.now(), name: event.object.metadata.name ?? '' };
    this.seen.set(sha, added);
    this.waiters.get(sha)?.(added);
    this.waiters.delete(sha);
  }
}
