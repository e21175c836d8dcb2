/**
 * The worker's way to the real API server on the real tier: a plain-HTTP pass-through on loopback that
 * forwards every request, the worker's token included (so the real server authenticates it and RBAC
 * decides), and streams the answer back. It adds only what the tests need and the real server cannot give:
 *
 * - Pod logs. The API server gets a log from the pod's kubelet; here no kubelet runs (pods never get a
 *   node), and for a pod without a node the server answers 204 No Content. So the proxy forwards
 *   `GET pods/{name}/log` first — the real server checks RBAC (`pods/log`), the pod (404), the container
 *   and the parameters (400/422) — and only on its 204 (or 200) replaces the empty answer with the text the Argo
 *   simulator wrote for that container, cut by `tailLines`/`limitBytes` as the kubelet does (pod-log.ts).
 * - What the fake offers the tests: the request record, injected faults, dropping watch streams.
 *
 * Hand-written: a forwarding proxy that substitutes one route and records requests is ~100 lines, less
 * than adapting a proxy library's hooks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { request, type RequestOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FaultSpec, RecordedRequest } from '../../fakes/kube/fake-kube';
import { readBody, sendStatus } from '../../fakes/kube/http-util';
import { sendPodLog } from '../../fakes/kube/pod-log';
import { Status } from '../../fakes/kube/status';

export interface KubeletLogProxy {
  url: string;
  requests: RecordedRequest[];
  setPodLog(namespace: string, pod: string, container: string, text: string): void;
  injectFault(fault: FaultSpec): void;
  dropWatches(options?: { abrupt?: boolean }): number;
  readonly openWatches: number;
  close(): Promise<void>;
}

const LOG_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/;

export async function startKubeletLogProxy(upstream: string): Promise<KubeletLogProxy> {
  const requests: RecordedRequest[] = [];
  const faults: FaultSpec[] = [];
  const logs = new Map<string, string>();
  const watches = new Set<ServerResponse>();
  const target = new URL(upstream);

  const takeFault = (method: string, path: string) => {
    const fault = faults.find(
      (f) =>
        (f.times ?? 1) > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.path || (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path))),
    );
    if (fault) fault.times = (fault.times ?? 1) - 1;
    return fault;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const record: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams) };
    if (req.headers['content-type']) record.contentType = req.headers['content-type'];
    if (raw) record.body = safeParse(raw);
    requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    const fault = takeFault(method, url.pathname);
    if (fault) return sendStatus(res, Status.injected(fault.status, fault.message ?? `injected fault ${fault.status}`));

    const headers = { ...req.headers, host: target.host };
    delete headers['accept-encoding'];
    const options: RequestOptions = { method, headers, rejectUnauthorized: false };
    const upstreamReq = request(new URL(req.url ?? '/', target), options, (upstreamRes) => {
      const log = method === 'GET' ? LOG_PATH.exec(url.pathname) : null;
      if (log && (upstreamRes.statusCode === 200 || upstreamRes.statusCode === 204)) {
        upstreamRes.resume();
        const [, namespace, pod] = log;
        const container = url.searchParams.get('container') ?? '';
        const text = logs.get(`${decodeURIComponent(namespace!)}/${decodeURIComponent(pod!)}/${container}`) ?? '';
        return sendPodLog(res, decodeURIComponent(pod!), text, url.searchParams);
      }
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      if (url.searchParams.get('watch') === 'true') {
        watches.add(res);
        res.on('close', () => watches.delete(res));
        upstreamRes.on('data', (chunk: Buffer) => {
          const error = /"type":"ERROR","object":\{[^]*?"code":(\d+)/.exec(chunk.toString('utf8'));
          if (error) record.watchError = Number(error[1]);
        });
      }
      upstreamRes.pipe(res);
    });
    upstreamReq.on('error', (error) => {
      if (!res.headersSent) sendStatus(res, Status.injected(502, `proxy: ${String(error)}`));
      else res.destroy();
    });
    res.on('close', () => upstreamReq.destroy());
    upstreamReq.end(raw || undefined);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendStatus(res, Status.injected(500, String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    setPodLog: (namespace, pod, container, text) => void logs.set(`${namespace}/${pod}/${container}`, text),
    injectFault: (fault) => void faults.push({ ...fault, times: fault.times ?? 1 }),
    dropWatches({ abrupt = false } = {}) {
      const open = [...watches];
      for (const res of open) {
        if (abrupt) res.destroy();
        else res.end();
      }
      return open.length;
    },
    get openWatches() {
      return watches.size;
    },
    async close() {
      for (const res of watches) res.destroy();
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
