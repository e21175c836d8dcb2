import type { StatusCause } from './status';
import { validateWorkflowSchema } from './workflow-schema';

/** The resource types the fake serves, with what the real API server knows about each. */
export interface ResourceType {
  plural: string;
  group: string;
  version: string;
  kind: string;
  /** validation beyond ObjectMeta (a CRD's OpenAPI schema) */
  validate?: (object: unknown) => StatusCause[];
  /** CRDs reject strategic merge patch with 415; built-in types accept it */
  custom: boolean;
}

export const RESOURCE_TYPES: Record<string, ResourceType> = {
  workflows: {
    plural: 'workflows',
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'Workflow',
    validate: validateWorkflowSchema,
    custom: true,
  },
  persistentvolumeclaims: {
    plural: 'persistentvolumeclaims',
    group: '',
    version: 'v1',
    kind: 'PersistentVolumeClaim',
    custom: false,
  },
  pods: { plural: 'pods', group: '', version: 'v1', kind: 'Pod', custom: false },
};

export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

export interface ResourceRoute {
  type: ResourceType;
  /** undefined: across all namespaces */
  namespace?: string;
  name?: string;
  subresource?: string;
}

const CUSTOM_PATH = /^\/apis\/([^/]+)\/([^/]+)\/(?:namespaces\/([^/]+)\/)?([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/;
const CORE_PATH = /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/;

/** Maps a request path to a served resource, or undefined (404 from the caller). */
export function parseResourcePath(pathname: string): ResourceRoute | undefined {
  const custom = CUSTOM_PATH.exec(pathname);
  if (custom) {
    const [, group, version, namespace, plural, name, subresource] = custom;
    const type = RESOURCE_TYPES[plural!];
    if (!type || type.group !== group || type.version !== version) return undefined;
    return withOptional({ type }, namespace, name, subresource);
  }
  const core = CORE_PATH.exec(pathname);
  if (core) {
    const [, namespace, plural, name, subresource] = core;
    const type = RESOURCE_TYPES[plural!];
    if (!type || type.group !== '') return undefined;
    return withOptional({ type }, namespace, name, subresource);
  }
  return undefined;
}

function withOptional(route: ResourceRoute, namespace?: string, name?: string, subresource?: string): ResourceRoute {
  if (namespace !== undefined) route.namespace = decodeURIComponent(namespace);
  if (name !== undefined) route.name = decodeURIComponent(name);
  if (subresource !== undefined) route.subresource = subresource;
  return route;
}
