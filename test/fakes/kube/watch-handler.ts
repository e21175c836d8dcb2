import type { ServerResponse } from 'node:http';
import { matchesLabels, parseFieldSelector, parseLabelSelector } from './label-selector';
import type { ResourceRoute } from './resources';
import { Status } from './status';
import type { KubeObject, ObjectStore, StoreEvent, WatchEventType } from './store';

export interface OpenWatch {
  response: ServerResponse;
  close(abrupt: boolean): void;
}

type Matcher = (object: KubeObject) => boolean;

/**
 * What a watcher with a selector sees for one store event: an object entering the selection is
 * ADDED, leaving it is DELETED (k8s.io/apiserver cacheWatcher semantics).
 */
function visibleType(event: StoreEvent, matches: Matcher): WatchEventType | undefined {
  const now = matches(event.object);
  if (event.type !== 'MODIFIED') return now ? event.type : undefined;
  const before = event.previous ? matches(event.previous) : false;
  if (before && now) return 'MODIFIED';
  if (!before && now) return 'ADDED';
  if (before && !now) return 'DELETED';
  return undefined;
}

/**
 * Streams newline-delimited `{type, object}` events. Without a resourceVersion (or "0") it first
 * sends the current state as ADDED events; with one it replays history after it, or sends one
 * ERROR event carrying a 410 Expired Status when that history was compacted, as the API server does.
 */
export function startWatch(
  store: ObjectStore,
  route: ResourceRoute,
  query: URLSearchParams,
  res: ServerResponse,
  registry: Set<OpenWatch>,
): void {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'));
  const matches: Matcher = (o) => matchesLabels(labels, o.metadata.labels) && fields(o);
  const write = (type: string, object: unknown) => res.write(`${JSON.stringify({ type, object })}\n`);

  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  // the API server answers a watch at once; clients (node-fetch) wait for the headers before streaming
  res.flushHeaders();
  const from = query.get('resourceVersion');
  if (from && from !== '0') {
    const replay = store.eventsSince(Number(from), route.type.plural, route.namespace);
    if (replay === 'gone') {
      write('ERROR', Status.gone(`too old resource version: ${from} (${store.resourceVersion})`));
      res.end();
      return;
    }
    for (const event of replay) {
      const type = visibleType(event, matches);
      if (type) write(type, event.object);
    }
  } else {
    for (const object of store.list(route.type.plural, route.namespace).filter(matches)) write('ADDED', object);
  }

  // replay and subscription happen in one synchronous block: no event can fall in between
  const unsubscribe = store.subscribe((event) => {
    if (event.resource !== route.type.plural) return;
    if (route.namespace !== undefined && event.namespace !== route.namespace) return;
    const type = visibleType(event, matches);
    if (type) write(type, event.object);
  });
  const watch: OpenWatch = {
    response: res,
    close(abrupt) {
      if (abrupt) res.destroy();
      else res.end();
    },
  };
  registry.add(watch);
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  const timer = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
  res.on('close', () => {
    unsubscribe();
    registry.delete(watch);
    if (timer) clearTimeout(timer);
  });
}
