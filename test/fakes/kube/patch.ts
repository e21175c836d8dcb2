/** RFC 7386 JSON merge patch and RFC 6902 JSON patch, the two patch types a CRD accepts. */

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

export class JsonPatchError extends Error {}

interface Operation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: Json;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(path)}`);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(doc: Json, tokens: string[]): { parent: Record<string, Json> | Json[]; key: string } {
  let node: Json = doc;
  for (const token of tokens.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (node === undefined) throw new JsonPatchError(`doc is missing path: ${tokens.join('/')}`);
  }
  if (!Array.isArray(node) && !isObject(node)) throw new JsonPatchError(`doc is missing path: ${tokens.join('/')}`);
  return { parent: node, key: tokens[tokens.length - 1]! };
}

function read(doc: Json, path: string): Json {
  let node: Json = doc;
  for (const token of pointer(path)) {
    node = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (node === undefined) throw new JsonPatchError(`doc is missing path: ${path}`);
  }
  return node;
}

function remove(doc: Json, path: string): Json {
  const { parent, key } = parentOf(doc, pointer(path));
  const value = read(doc, path);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return value;
}

function add(doc: Json, path: string, value: Json): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return structuredClone(value);
  const { parent, key } = parentOf(doc, tokens);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index > parent.length) throw new JsonPatchError(`index out of range: ${path}`);
    parent.splice(index, 0, structuredClone(value));
  } else {
    parent[key] = structuredClone(value);
  }
  return doc;
}

export function applyJsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations)) throw new JsonPatchError('a JSON patch must be an array of operations');
  let doc = structuredClone(target);
  for (const op of operations as Operation[]) {
    switch (op.op) {
      case 'add':
        doc = add(doc, op.path, op.value);
        break;
      case 'remove':
        remove(doc, op.path);
        break;
      case 'replace':
        read(doc, op.path);
        if (op.path === '') doc = structuredClone(op.value);
        else {
          remove(doc, op.path);
          doc = add(doc, op.path, op.value);
        }
        break;
      case 'move':
        doc = add(doc, op.path, remove(doc, op.from ?? ''));
        break;
      case 'copy':
        doc = add(doc, op.path, read(doc, op.from ?? ''));
        break;
      case 'test':
        if (JSON.stringify(read(doc, op.path)) !== JSON.stringify(op.value)) {
          throw new JsonPatchError(`testing value ${op.path} failed`);
        }
        break;
      default:
        throw new JsonPatchError(`unexpected kind of operation: ${JSON.stringify((op as { op: unknown }).op)}`);
    }
  }
  return doc;
}
