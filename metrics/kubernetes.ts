/**
 * Kubernetes API metrics, counted for every request of the worker's Kubernetes gateway (its client-node HTTP
 * library is wrapped, activities/kubernetes/measured-http.ts) and for every watch it opens.
 */
import { Counter } from 'prom-client';
import { registry } from './registry';

export const kubernetesRequestsTotal = new Counter({
  name: 'kubeci_kubernetes_requests_total',
  help: 'Kubernetes API requests, by verb (get, list, watch, create, patch, update, delete), resource (workflows, persistentvolumeclaims, pods/log) and HTTP code (error: no response)',
  labelNames: ['verb', 'resource', 'code'] as const,
  registers: [registry],
});

/** The verb and resource of an API request, as the API server's own RequestInfo names them. */
export interface KubeRequestInfo {
  verb: string;
  resource: string;
}

/**
 * `GET /apis/argoproj.io/v1alpha1/namespaces/argo/workflows/x` → get workflows; the same without a name → list,
 * with `watch=true` → watch; `.../pods/x/log` → get pods/log. Written here because client-node exposes no such
 * parser (the API server's is Go, k8s.io/apiserver `RequestInfoFactory`); paths it does not know are `other`.
 */
export function kubeRequestInfo(method: string, url: string): KubeRequestInfo {
  const parsed = new URL(url, 'http://kube.invalid');
  const parts = parsed.pathname.split('/').filter(Boolean);
  // /api/v1/… or /apis/<group>/<version>/…
  const rest = parts[0] === 'api' ? parts.slice(2) : parts[0] === 'apis' ? parts.slice(3) : undefined;
  if (!rest || rest.length === 0) return { verb: method.toLowerCase(), resource: 'other' };
  const scoped = rest[0] === 'namespaces' && rest.length >= 3 ? rest.slice(2) : rest;
  const [resource = 'other', name, subresource] = scoped;
  const watch = parsed.searchParams.get('watch');
  return {
    verb: verbOf(method.toUpperCase(), name !== undefined, watch === 'true' || watch === '1'),
    resource: subresource ? `${resource}/${subresource}` : resource,
  };
}

function verbOf(method: string, named: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
      return watch ? 'watch' : named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

export function recordKubernetesRequest(info: KubeRequestInfo, code: number | 'error'): void {
  kubernetesRequestsTotal.inc({ ...info, code: String(code) });
}
