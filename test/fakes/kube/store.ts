import { randomUUID } from 'node:crypto';

/**
 * The fake API server's etcd: every object of every resource, one global resourceVersion counter
 * (as etcd's revision), and a bounded event history that watches replay from. Mutations are
 * synchronous, so an in-process read-modify-write (the Argo simulator) can never interleave.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    generateName?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  resourceVersion: number;
  resource: string;
  namespace: string;
  type: WatchEventType;
  object: KubeObject;
  /** the object before a MODIFIED event, to compute selector transitions */
  previous?: KubeObject;
}

export class ObjectStore {
  private revision = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private history: StoreEvent[] = [];
  /** events at or below this revision are no longer replayable: watching from them is 410 Gone */
  private compactedThrough = 0;
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(private readonly historyLimit = 5000) {}

  get resourceVersion(): string {
    return String(this.revision);
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    const found = this.bucket(resource).get(`${namespace}/${name}`);
    return found && structuredClone(found);
  }

  list(resource: string, namespace?: string): KubeObject[] {
    return [...this.bucket(resource).values()]
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .map((o) => structuredClone(o));
  }

  /** Inserts a new object; returns undefined when the name is taken. */
  create(resource: string, object: KubeObject): KubeObject | undefined {
    const key = `${object.metadata.namespace}/${object.metadata.name}`;
    if (this.bucket(resource).has(key)) return undefined;
    const stored = structuredClone(object);
    stored.metadata.uid = randomUUID();
    stored.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    stored.metadata.generation = 1;
    return this.commit(resource, 'ADDED', stored);
  }

  /** Stores a new version of an existing object (the caller has checked preconditions). */
  replace(resource: string, object: KubeObject): KubeObject | undefined {
    const key = `${object.metadata.namespace}/${object.metadata.name}`;
    const previous = this.bucket(resource).get(key);
    if (!previous) return undefined;
    const stored = structuredClone(object);
    // identity fields are owned by the server
    stored.metadata.uid = previous.metadata.uid!;
    stored.metadata.creationTimestamp = previous.metadata.creationTimestamp;
    const specChanged = JSON.stringify(stored.spec) !== JSON.stringify(previous.spec);
    stored.metadata.generation = Number(previous.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    return this.commit(resource, 'MODIFIED', stored, previous);
  }

  delete(resource: string, namespace: string, name: string): KubeObject | undefined {
    const previous = this.bucket(resource).get(`${namespace}/${name}`);
    if (!previous) return undefined;
    return this.commit(resource, 'DELETED', structuredClone(previous));
  }

  /**
   * Events of one resource (and namespace, when given) after `resourceVersion`, or 'gone' when
   * that revision has been compacted away.
   */
  eventsSince(resourceVersion: number, resource: string, namespace?: string): StoreEvent[] | 'gone' {
    if (resourceVersion < this.compactedThrough) return 'gone';
    return this.history.filter(
      (e) =>
        e.resourceVersion > resourceVersion &&
        e.resource === resource &&
        (namespace === undefined || e.namespace === namespace),
    );
  }

  /** Forgets all history up to now, as etcd compaction does; older watches get 410 Gone. */
  compactHistory(): void {
    this.history = [];
    this.compactedThrough = this.revision;
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private commit(resource: string, type: WatchEventType, object: KubeObject, previous?: KubeObject): KubeObject {
    this.revision += 1;
    object.metadata.resourceVersion = String(this.revision);
    const key = `${object.metadata.namespace}/${object.metadata.name}`;
    if (type === 'DELETED') this.bucket(resource).delete(key);
    else this.bucket(resource).set(key, object);
    const event: StoreEvent = {
      resourceVersion: this.revision,
      resource,
      namespace: object.metadata.namespace ?? '',
      type,
      object: structuredClone(object),
      ...(previous ? { previous: structuredClone(previous) } : {}),
    };
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.shift()!;
      this.compactedThrough = dropped.resourceVersion;
    }
    for (const listener of this.listeners) listener(event);
    return structuredClone(object);
  }

  private bucket(resource: string): Map<string, KubeObject> {
    let bucket = this.objects.get(resource);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(resource, bucket);
    }
    return bucket;
  }
}
