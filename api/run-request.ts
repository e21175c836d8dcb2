import type { RefType } from '../domain/types';
import { HttpError } from './http-error';

/** The body of `/api/v1/run`, decoded (SPEC B 17.1). */
export interface RunRequest {
  org: string;
  repo: string;
  ref: string;
  refType: RefType;
  /** the commit sha */
  hash: string;
  /** `.kube-ci/` files (name → content) standing in for the ones at the commit; dry runs only */
  ciContext?: Record<string, string>;
  /** '' = the pipeline's own `spec.entrypoint` */
  entrypoint: string;
  run: boolean;
}

const FIELDS = new Set(['org', 'repo', 'ref', 'ref_type', 'hash', 'ci_context', 'entrypoint', 'run']);
const REQUIRED = ['org', 'repo', 'ref', 'hash'] as const;

/**
 * The original's decoding: unknown fields are rejected, and org, repo, ref and hash are required, checked in
 * that order, with its messages. Unlike it, a field of the wrong type or an unknown `ref_type` is refused
 * here rather than later.
 */
export function decodeRunRequest(body: unknown): RunRequest {
  if (body === undefined) fail('the body is empty; send a JSON object');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('the body must be a JSON object');
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) fail(`json: unknown field ${JSON.stringify(unknown)}`);

  const text = (name: string): string => {
    const value = fields[name] ?? '';
    if (typeof value !== 'string') fail(`${name} must be a string`);
    return value;
  };
  for (const name of REQUIRED) if (text(name) === '') fail(`${name} must be specified`);
  const refType = text('ref_type') || 'branch';
  if (refType !== 'branch' && refType !== 'tag') fail(`ref_type must be branch or tag, not ${JSON.stringify(refType)}`);
  const run = fields['run'] ?? false;
  if (typeof run !== 'boolean') fail('run must be true or false');
  const ciContext = contextOf(fields['ci_context']);
  return {
    org: text('org'),
    repo: text('repo'),
    ref: text('ref'),
    refType,
    hash: text('hash'),
    entrypoint: text('entrypoint'),
    run,
    ...(ciContext ? { ciContext } : {}),
  };
}

function contextOf(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) fail('ci_context must be an object of file name → content');
  const entries = Object.entries(value as Record<string, unknown>);
  const bad = entries.find(([, content]) => typeof content !== 'string');
  if (bad) fail(`ci_context[${JSON.stringify(bad[0])}] must be a string`);
  return Object.fromEntries(entries) as Record<string, string>;
}

function fail(reason: string): never {
  throw new HttpError(400, `cannot decode input, ${reason}`);
}
