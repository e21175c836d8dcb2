import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { ApplicationFailure } from '@temporalio/common';
import type { ArgoWorkflow } from '../../domain/types';
import { abortableSleep } from '../abortable-sleep';
import { recordKubernetesRequest } from '../../metrics/kubernetes';
import { classifyKubeError } from './classify-kube-error';
import type { WorkflowWatchEvent } from './gateway';

export interface WatchOptions {
  /** first pause before re-watching after a drop or error; doubled per consecutive failure */
  watchBackoffMs?: number;
  maxWatchBackoffMs?: number;
}

export interface WatchSource {
  kubeConfig: KubeConfig;
  namespace: string;
  labelSelector: string;
  list(): Promise<{ metadata: { resourceVersion: string }; items: ArgoWorkflow[] }>;
}

/** Watches go through client-node's Watch, not the API clients: counted here (metrics/kubernetes.ts). */
const WATCH = { verb: 'watch', resource: 'workflows' };

type WatchEnd = { kind: 'closed' } | { kind: 'expired' } | { kind: 'failed'; error: unknown };

/**
 * An informer in miniature. Lists (emitting ADDED/MODIFIED/DELETED against what it had seen, so a
 * re-list after a gap reports what changed in it), then watches from the list's resourceVersion.
 * A dropped stream is re-watched from the last resourceVersion seen; a 410 Gone (history compacted)
 * forces a re-list. Ends when `signal` aborts; throws only for permanent errors (401/403/400/422).
 * `onSync(true)` when a stream is open (every change since the list will arrive), `onSync(false)` when it ends.
 */
export async function watchWorkflowsWithRelist(
  source: WatchSource,
  onEvent: (event: WorkflowWatchEvent) => void,
  signal: AbortSignal,
  options: WatchOptions = {},
  onSync: (synced: boolean) => void = () => undefined,
): Promise<void> {
  const initialBackoff = options.watchBackoffMs ?? 200;
  const maxBackoff = options.maxWatchBackoffMs ?? 5_000;
  const known = new Map<string, ArgoWorkflow>();
  let resourceVersion: string | undefined;
  let backoff = initialBackoff;

  const deliver = (type: WorkflowWatchEvent['type'], workflow: ArgoWorkflow) => {
    const name = workflow.metadata.name ?? '';
    if (type === 'DELETED') known.delete(name);
    else known.set(name, workflow);
    onEvent({ type, workflow });
  };

  while (!signal.aborted) {
    try {
      if (resourceVersion === undefined) resourceVersion = await relist(source, known, deliver);
      if (signal.aborted) return;
      const onChange = (type: WorkflowWatchEvent['type'] | 'BOOKMARK', workflow: ArgoWorkflow) => {
        resourceVersion = workflow.metadata.resourceVersion ?? resourceVersion;
        if (type !== 'BOOKMARK') deliver(type, workflow);
        backoff = initialBackoff;
      };
      const end = await watchOnce(source, resourceVersion, signal, onChange, () => onSync(true));
      onSync(false);
      if (end.kind === 'expired') resourceVersion = undefined;
      if (end.kind === 'failed') throw end.error;
    } catch (error) {
      onSync(false);
      const classified = classifyKubeError(error, `watch workflows in ${source.namespace}`);
      if (classified instanceof ApplicationFailure && classified.nonRetryable) throw classified;
      backoff = Math.min(backoff * 2, maxBackoff);
    }
    await abortableSleep(backoff, signal);
  }
}

async function relist(
  source: WatchSource,
  known: Map<string, ArgoWorkflow>,
  deliver: (type: WorkflowWatchEvent['type'], workflow: ArgoWorkflow) => void,
): Promise<string> {
  const page = await source.list();
  const listed = new Set<string>();
  for (const workflow of page.items) {
    const name = workflow.metadata.name ?? '';
    listed.add(name);
    const previous = known.get(name);
    if (!previous) deliver('ADDED', workflow);
    else if (previous.metadata.resourceVersion !== workflow.metadata.resourceVersion) deliver('MODIFIED', workflow);
  }
  for (const [name, workflow] of [...known]) if (!listed.has(name)) deliver('DELETED', workflow);
  return page.metadata.resourceVersion;
}

function watchOnce(
  source: WatchSource,
  resourceVersion: string,
  signal: AbortSignal,
  onChange: (type: WorkflowWatchEvent['type'] | 'BOOKMARK', workflow: ArgoWorkflow) => void,
  onOpen: () => void,
): Promise<WatchEnd> {
  return new Promise((resolve) => {
    let end: WatchEnd = { kind: 'closed' };
    let ended = false;
    let controller: AbortController | undefined;
    // resolve at once on abort: the controller only exists once the response headers have arrived
    const abort = () => {
      controller?.abort();
      resolve(end);
    };
    signal.addEventListener('abort', abort, { once: true });
    const path = `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(source.namespace)}/workflows`;
    const query = { labelSelector: source.labelSelector, resourceVersion, allowWatchBookmarks: true };
    const onEvent = (type: string, object: unknown) => {
      if (type === 'ERROR') {
        const status = object as { code?: number; message?: string };
        end =
          status.code === 410
            ? { kind: 'expired' }
            : { kind: 'failed', error: { code: status.code ?? 500, body: status } };
        controller?.abort();
        return;
      }
      if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED' || type === 'BOOKMARK') {
        onChange(type, object as ArgoWorkflow);
      }
    };
    const onDone = (error: unknown) => {
      ended = true;
      signal.removeEventListener('abort', abort);
      if (end.kind === 'closed' && error && !signal.aborted && (error as { name?: string }).name !== 'AbortError') {
        const statusCode = (error as { statusCode?: unknown }).statusCode;
        end = { kind: 'failed', error: typeof statusCode === 'number' ? { code: statusCode, body: '' } : error };
      }
      resolve(end);
    };
    new Watch(source.kubeConfig)
      .watch(path, query, onEvent, onDone)
      .then((c) => {
        recordKubernetesRequest(WATCH, 200);
        controller = c;
        if (signal.aborted) c.abort();
        // client-node resolves after a refused request too, having called onDone first
        else if (!ended) onOpen();
      })
      .catch((error: unknown) => {
        const statusCode = (error as { statusCode?: unknown }).statusCode;
        recordKubernetesRequest(WATCH, typeof statusCode === 'number' ? statusCode : 'error');
        onDone(error);
      });
  });
}
