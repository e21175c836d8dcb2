/**
 * Plain JSON over HTTPS to the real API server, for the test setup and the Argo simulator. Hand-written
 * rather than client-node's typed APIs: the simulator and the fake share plain KubeObject JSON (client-node
 * turns pods into model classes with Date fields), and the worker under test keeps using client-node.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface KubeResponse {
  status: number;
  body: unknown;
}

export type KubeHttp = (method: string, path: string, body?: unknown, contentType?: string) => Promise<KubeResponse>;

/** Requests to `url` (https, self-signed certificate accepted; or plain http: the fake) with `token`. */
export function kubeHttp(url: string, token: string): KubeHttp {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return (method, path, body, contentType = 'application/json') =>
    new Promise((resolve, reject) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        `${url}${path}`,
        {
          method,
          rejectUnauthorized: false,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(text === undefined ? {} : { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = raw;
            try {
              parsed = JSON.parse(raw);
            } catch {
              // not JSON (a pod log): keep the text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(text);
    });
}

/** The body, or an error naming the call and the server's Status message. */
export async function expectOk(response: Promise<KubeResponse>, what: string): Promise<unknown> {
  const { status, body } = await response;
  if (status >= 200 && status < 300) return body;
  throw new Error(`${what}: ${status} ${(body as { message?: string })?.message ?? JSON.stringify(body)}`);
}

/** The API path of a resource collection or one object (workflows, pods, persistentvolumeclaims, ...). */
export function resourcePath(resource: string, namespace: string, name?: string): string {
  const base =
    resource === 'workflows'
      ? '/apis/argoproj.io/v1alpha1'
      : resource === 'roles'
        ? '/apis/rbac.authorization.k8s.io/v1'
        : '/api/v1';
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
}
