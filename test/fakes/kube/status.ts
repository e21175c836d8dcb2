/** `metav1.Status` failure bodies shaped like the real API server's. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

export interface ResourceRef {
  group: string;
  plural: string;
  kind: string;
  name: string;
}

function qualified(ref: ResourceRef): string {
  return ref.group === '' ? ref.plural : `${ref.plural}.${ref.group}`;
}

function failure(code: number, reason: string, message: string, details?: KubeStatus['details']): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

export const Status = {
  notFound: (ref: ResourceRef) =>
    failure(404, 'NotFound', `${qualified(ref)} "${ref.name}" not found`, {
      name: ref.name,
      group: ref.group,
      kind: ref.plural,
    }),
  alreadyExists: (ref: ResourceRef) =>
    failure(409, 'AlreadyExists', `${qualified(ref)} "${ref.name}" already exists`, {
      name: ref.name,
      group: ref.group,
      kind: ref.plural,
    }),
  conflict: (ref: ResourceRef) =>
    failure(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(ref)} "${ref.name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name: ref.name, group: ref.group, kind: ref.plural },
    ),
  invalid: (ref: ResourceRef, causes: StatusCause[]) => {
    const kindGroup = ref.group === '' ? ref.kind : `${ref.kind}.${ref.group}`;
    const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ');
    return failure(422, 'Invalid', `${kindGroup} "${ref.name}" is invalid: ${summary}`, {
      name: ref.name,
      group: ref.group,
      kind: ref.kind,
      causes,
    });
  },
  gone: (message: string) => failure(410, 'Expired', message),
  badRequest: (message: string) => failure(400, 'BadRequest', message),
  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
  unsupportedMediaType: (contentType: string) =>
    failure(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json (got ${contentType})`,
    ),
  methodNotAllowed: () =>
    failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'),
  injected: (code: number, message: string) =>
    failure(code, code === 429 ? 'TooManyRequests' : code >= 500 ? 'InternalError' : 'Forbidden', message),
};
