import type { ServerResponse } from 'node:http';
import { matchesLabels, parseFieldSelector, parseLabelSelector } from './label-selector';
import { checkObjectMeta } from './object-meta-checks';
import { applyJsonPatch, applyMergePatch } from './patch';
import { admitNew, deleteWithFinalizers, finishDeletion } from './pvc-protection';
import { apiVersionOf, type ResourceRoute } from './resources';
import { Status, type StatusCause } from './status';
import type { KubeObject, ObjectStore } from './store';
import { sendJson, sendStatus } from './http-util';

export interface SchemaViolation {
  resource: string;
  namespace: string;
  name: string;
  causes: StatusCause[];
  object: unknown;
}

export interface HandlerContext {
  store: ObjectStore;
  schemaViolations: SchemaViolation[];
}

/** Random suffix alphabet of apiserver's generateName (k8s.io/apimachinery/pkg/util/rand). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function generatedName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return prefix + suffix;
}

function ref(route: ResourceRoute, name: string) {
  return { group: route.type.group, plural: route.type.plural, kind: route.type.kind, name };
}

/** ObjectMeta checks, then the resource's own schema; records and answers 422 on failure. */
function rejectInvalid(ctx: HandlerContext, route: ResourceRoute, object: KubeObject, res: ServerResponse): boolean {
  const causes = [...checkObjectMeta(object), ...(route.type.validate?.(object) ?? [])];
  if (causes.length === 0) return false;
  const name = object.metadata.name ?? '';
  ctx.schemaViolations.push({ resource: route.type.plural, namespace: route.namespace ?? '', name, causes, object });
  sendStatus(res, Status.invalid(ref(route, name), causes));
  return true;
}

export function listObjects(
  ctx: HandlerContext,
  route: ResourceRoute,
  query: URLSearchParams,
  res: ServerResponse,
): void {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'));
  const items = ctx.store
    .list(route.type.plural, route.namespace)
    .filter((o) => matchesLabels(labels, o.metadata.labels) && fields(o))
    .sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`),
    );
  sendJson(res, 200, {
    apiVersion: apiVersionOf(route.type),
    kind: `${route.type.kind}List`,
    metadata: { resourceVersion: ctx.store.resourceVersion },
    // as the real server: items of a built-in list carry no apiVersion/kind (custom resources' do)
    items: route.type.custom ? items : items.map(({ apiVersion: _v, kind: _k, ...item }) => item),
  });
}

export function getObject(ctx: HandlerContext, route: ResourceRoute, res: ServerResponse): void {
  const found = ctx.store.get(route.type.plural, route.namespace!, route.name!);
  if (!found) sendStatus(res, Status.notFound(ref(route, route.name!)));
  else sendJson(res, 200, found);
}

export function createObject(ctx: HandlerContext, route: ResourceRoute, body: unknown, res: ServerResponse): void {
  const object = body as KubeObject;
  if (typeof object !== 'object' || object === null || typeof object.metadata !== 'object') {
    return sendStatus(res, Status.badRequest('Object has no metadata'));
  }
  if (object.metadata.namespace && object.metadata.namespace !== route.namespace) {
    return sendStatus(
      res,
      Status.badRequest('the namespace of the provided object does not match the namespace sent on the request'),
    );
  }
  object.metadata.namespace = route.namespace!;
  if (!object.metadata.name && object.metadata.generateName)
    object.metadata.name = generatedName(object.metadata.generateName);
  delete object.metadata.resourceVersion;
  object.apiVersion ??= apiVersionOf(route.type);
  object.kind ??= route.type.kind;
  if (rejectInvalid(ctx, route, object, res)) return;
  admitNew(route.type.plural, object);
  const created = ctx.store.create(route.type.plural, object);
  if (!created) return sendStatus(res, Status.alreadyExists(ref(route, object.metadata.name!)));
  sendJson(res, 201, created);
}

export function updateObject(ctx: HandlerContext, route: ResourceRoute, body: unknown, res: ServerResponse): void {
  const object = body as KubeObject;
  const current = ctx.store.get(route.type.plural, route.namespace!, route.name!);
  if (!current) return sendStatus(res, Status.notFound(ref(route, route.name!)));
  if (object?.metadata?.name !== route.name) {
    return sendStatus(res, Status.badRequest('the name of the object does not match the name on the URL'));
  }
  if (!object.metadata.resourceVersion) {
    return sendStatus(
      res,
      Status.invalid(ref(route, route.name!), [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 0x0: must be specified for an update',
          field: 'metadata.resourceVersion',
        },
      ]),
    );
  }
  commitIfValid(ctx, route, { ...object, metadata: { ...object.metadata, namespace: route.namespace! } }, current, res);
}

export function patchObject(
  ctx: HandlerContext,
  route: ResourceRoute,
  contentType: string,
  body: unknown,
  res: ServerResponse,
): void {
  const current = ctx.store.get(route.type.plural, route.namespace!, route.name!);
  if (!current) return sendStatus(res, Status.notFound(ref(route, route.name!)));
  const mediaType = contentType.split(';')[0]!.trim();
  let patched: KubeObject;
  try {
    if (mediaType === 'application/merge-patch+json') patched = applyMergePatch(current, body) as KubeObject;
    else if (mediaType === 'application/json-patch+json') patched = applyJsonPatch(current, body) as KubeObject;
    else if (mediaType === 'application/strategic-merge-patch+json' && !route.type.custom) {
      // built-in types: approximated by a merge patch, which is what kube-ci's patches need
      patched = applyMergePatch(current, body) as KubeObject;
    } else return sendStatus(res, Status.unsupportedMediaType(mediaType));
  } catch (error) {
    return sendStatus(
      res,
      Status.invalid(ref(route, route.name!), [{ reason: 'FieldValueInvalid', message: (error as Error).message }]),
    );
  }
  // a patch without a resourceVersion applies to whatever is current
  patched.metadata.resourceVersion ??= current.metadata.resourceVersion!;
  commitIfValid(ctx, route, patched, current, res);
}

function commitIfValid(
  ctx: HandlerContext,
  route: ResourceRoute,
  next: KubeObject,
  current: KubeObject,
  res: ServerResponse,
): void {
  if (next.metadata.resourceVersion !== current.metadata.resourceVersion) {
    return sendStatus(res, Status.conflict(ref(route, route.name!)));
  }
  next.metadata.name = current.metadata.name!;
  next.metadata.namespace = current.metadata.namespace!;
  if (rejectInvalid(ctx, route, next, res)) return;
  // an update that changes nothing is a no-op: no new resourceVersion, no watch event
  if (JSON.stringify(next) === JSON.stringify(current)) return sendJson(res, 200, current);
  const stored = ctx.store.replace(route.type.plural, next)!;
  finishDeletion(ctx.store, route.type.plural, stored);
  sendJson(res, 200, stored);
}

export function deleteObject(ctx: HandlerContext, route: ResourceRoute, res: ServerResponse): void {
  const deleted = deleteWithFinalizers(ctx.store, route.type.plural, route.namespace!, route.name!);
  if (!deleted) return sendStatus(res, Status.notFound(ref(route, route.name!)));
  // a Terminating object (finalizers pending) keeps what it owns until it is really gone
  if (deleted.metadata.deletionTimestamp) return sendJson(res, 200, deleted);
  collectOwnedPods(ctx.store, deleted);
  // as the real server: a custom resource deleted at once answers a Success Status, a built-in one the object
  if (!route.type.custom) return sendJson(res, 200, deleted);
  const { group, plural } = route.type;
  const details = { name: route.name!, group, kind: plural, uid: deleted.metadata.uid };
  sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
}

/** The garbage collector's part: pods owned (ownerReferences) by a deleted object go with it. */
function collectOwnedPods(store: ObjectStore, owner: KubeObject): void {
  for (const pod of store.list('pods', owner.metadata.namespace)) {
    const owners = (pod.metadata.ownerReferences ?? []) as { uid?: string }[];
    if (owners.some((o) => o.uid === owner.metadata.uid))
      store.delete('pods', pod.metadata.namespace!, pod.metadata.name!);
  }
}
