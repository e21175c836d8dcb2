import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, sendStatus } from './http-util';
import { SelectorParseError } from './label-selector';
import {
  createObject,
  deleteObject,
  getObject,
  listObjects,
  patchObject,
  updateObject,
  type HandlerContext,
  type SchemaViolation,
} from './object-handlers';
import { sendPodLog } from './pod-log';
import { runPvcProtection } from './pvc-protection';
import { parseResourcePath, type ResourceRoute } from './resources';
import { Status } from './status';
import { ObjectStore } from './store';
import { startWatch, type OpenWatch } from './watch-handler';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  body?: unknown;
  status?: number;
  /** a watch whose stream carried an ERROR event with this code (410: expired); set by the real tier's proxy */
  watchError?: number;
}

export interface FaultSpec {
  method?: string;
  /** substring of, or pattern for, the request path (without query) */
  path?: string | RegExp;
  status: number;
  /** how many matching requests fail; default 1 */
  times?: number;
  message?: string;
}

export interface FakeKube {
  url: string;
  token: string;
  store: ObjectStore;
  requests: RecordedRequest[];
  schemaViolations: SchemaViolation[];
  /** kubeconfig text pointing a real client at this server (plain http, bearer token) */
  kubeConfigYaml(namespace?: string): string;
  injectFault(fault: FaultSpec): void;
  /** closes every open watch stream (abrupt: reset the socket instead of ending cleanly); returns how many */
  dropWatches(options?: { abrupt?: boolean }): number;
  readonly openWatches: number;
  compactHistory(): void;
  setPodLog(namespace: string, pod: string, container: string, text: string): void;
  close(): Promise<void>;
}

export interface FakeKubeOptions {
  port?: number;
  token?: string;
}

export async function startFakeKube(options: FakeKubeOptions = {}): Promise<FakeKube> {
  const token = options.token ?? 'fake-kube-token';
  const store = new ObjectStore();
  const ctx: HandlerContext = { store, schemaViolations: [] };
  const requests: RecordedRequest[] = [];
  const faults: FaultSpec[] = [];
  const watches = new Set<OpenWatch>();
  const podLogs = new Map<string, string>();
  const stopPvcProtection = runPvcProtection(store);

  const takeFault = (method: string, path: string): FaultSpec | undefined => {
    const fault = faults.find(
      (f) =>
        (f.times ?? 1) > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.path || (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path))),
    );
    if (fault) fault.times = (fault.times ?? 1) - 1;
    return fault;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendStatus(res, Status.injected(500, String(error)));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const contentType = req.headers['content-type'];
    const record: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams) };
    if (contentType) record.contentType = contentType;
    if (raw) record.body = safeParse(raw);
    requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));

    if (req.headers.authorization !== `Bearer ${token}`) return sendStatus(res, Status.unauthorized());
    const fault = takeFault(method, url.pathname);
    if (fault) return sendStatus(res, Status.injected(fault.status, fault.message ?? `injected fault ${fault.status}`));
    const route = parseResourcePath(url.pathname);
    if (!route) {
      return sendStatus(res, {
        ...Status.notFound({ group: '', plural: 'path', kind: '', name: url.pathname }),
        message: 'the server could not find the requested resource',
      });
    }
    let body: unknown;
    if (raw) {
      body = safeParse(raw);
      if (body === undefined) return sendStatus(res, Status.badRequest('body is not valid JSON'));
    }
    try {
      dispatch(route, method, url.searchParams, contentType ?? '', body, res);
    } catch (error) {
      if (error instanceof SelectorParseError) return sendStatus(res, Status.badRequest(error.message));
      throw error;
    }
  }

  function dispatch(
    route: ResourceRoute,
    method: string,
    query: URLSearchParams,
    contentType: string,
    body: unknown,
    res: ServerResponse,
  ): void {
    if (route.subresource === 'log' && route.type.plural === 'pods' && method === 'GET')
      return readLog(route, query, res);
    if (route.subresource) return sendStatus(res, Status.methodNotAllowed());
    if (!route.name) {
      if (method === 'GET' && query.get('watch') === 'true') return startWatch(store, route, query, res, watches);
      if (method === 'GET') return listObjects(ctx, route, query, res);
      if (method === 'POST' && route.namespace) return createObject(ctx, route, body, res);
      return sendStatus(res, Status.methodNotAllowed());
    }
    if (method === 'GET') return getObject(ctx, route, res);
    if (method === 'PUT') return updateObject(ctx, route, body, res);
    if (method === 'PATCH') return patchObject(ctx, route, contentType, body, res);
    if (method === 'DELETE') return deleteObject(ctx, route, res);
    return sendStatus(res, Status.methodNotAllowed());
  }

  function readLog(route: ResourceRoute, query: URLSearchParams, res: ServerResponse): void {
    const pod = store.get('pods', route.namespace!, route.name!);
    if (!pod) return sendStatus(res, Status.notFound({ group: '', plural: 'pods', kind: 'Pod', name: route.name! }));
    const containers = ((pod.spec as { containers?: { name: string }[] })?.containers ?? []).map((c) => c.name);
    const container = query.get('container') ?? (containers.length === 1 ? containers[0]! : '');
    if (!containers.includes(container)) {
      return sendStatus(res, Status.badRequest(`container ${container} is not valid for pod ${route.name}`));
    }
    sendPodLog(res, route.name!, podLogs.get(`${route.namespace}/${route.name}/${container}`) ?? '', query);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token,
    store,
    requests,
    schemaViolations: ctx.schemaViolations,
    kubeConfigYaml: (namespace = 'default') => kubeConfigYaml(url, token, namespace),
    injectFault: (fault) => void faults.push({ ...fault, times: fault.times ?? 1 }),
    dropWatches({ abrupt = false } = {}) {
      const open = [...watches];
      for (const watch of open) watch.close(abrupt);
      return open.length;
    },
    get openWatches() {
      return watches.size;
    },
    compactHistory: () => store.compactHistory(),
    setPodLog: (namespace, pod, container, text) => void podLogs.set(`${namespace}/${pod}/${container}`, text),
    async close() {
      stopPvcProtection();
      for (const watch of watches) watch.close(true);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function safeParse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** kubeconfig text for a plain-http API endpoint with a bearer token (the fake, or the real tier's proxy). */
export function kubeConfigYaml(url: string, token: string, namespace: string): string {
  // plain http needs insecure-skip-tls-verify: client-node refuses http otherwise (config.ts createAgent)
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: fake-kube',
    '  cluster:',
    `    server: ${url}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: fake-kube-user',
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: fake-kube',
    '  context:',
    '    cluster: fake-kube',
    '    user: fake-kube-user',
    `    namespace: ${namespace}`,
    'current-context: fake-kube',
    '',
  ].join('\n');
}
