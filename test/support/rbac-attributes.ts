/**
 * The RBAC attributes of a Kubernetes API request, `<apiGroup>|<resource>[/<subresource>]|<verb>`, as the API
 * server's request-info resolver derives them (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go: the HTTP
 * verb plus whether a name is given and `watch=true`). Written here because no maintained JS library exposes
 * that resolver; it covers the namespaced resource paths the worker uses and names anything else plainly, so an
 * unexpected request (discovery, a cluster-scoped call) shows up as a grant the Role cannot match.
 */
import type { RecordedRequest } from '../fakes/kube/fake-kube';

const RESOURCE_PATH =
  /^\/(?:api\/v1|apis\/(?<group>[^/]+)\/[^/]+)\/namespaces\/[^/]+\/(?<resource>[^/]+)(?:\/(?<name>[^/]+)(?:\/(?<sub>[^/]+))?)?$/;

export function rbacAttributesOf(request: Pick<RecordedRequest, 'method' | 'path' | 'query'>): string {
  const match = RESOURCE_PATH.exec(request.path);
  if (!match?.groups) return `not a namespaced resource|${request.path}|${request.method}`;
  const { group = '', resource, name, sub } = match.groups;
  const collection = name === undefined;
  const verb =
    {
      GET: collection ? (request.query.watch === 'true' ? 'watch' : 'list') : 'get',
      POST: 'create',
      PUT: 'update',
      PATCH: 'patch',
      DELETE: collection ? 'deletecollection' : 'delete',
    }[request.method] ?? request.method.toLowerCase();
  return `${group}|${resource}${sub ? `/${sub}` : ''}|${verb}`;
}

/** Every attribute a set of Role rules grants, in the same spelling, sorted. */
export function grantedBy(rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[]): string[] {
  const granted = rules.flatMap((rule) =>
    rule.apiGroups.flatMap((group) =>
      rule.resources.flatMap((resource) => rule.verbs.map((verb) => `${group}|${resource}|${verb}`)),
    ),
  );
  return [...new Set(granted)].sort();
}
