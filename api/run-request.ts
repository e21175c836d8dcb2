import { commitShaProblem, ownerNameProblem, refNameProblem, repoNameProblem } from '../domain/github-names';
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
/** entrypoints are template names; this keeps workflow ids and labels well inside their limits */
const MAX_ENTRYPOINT = 255;
const CHECKS = { org: ownerNameProblem, repo: repoNameProblem, ref: refNameProblem, hash: commitShaProblem } as const;

/**
 * The original's decoding: unknown fields are rejected, and org, repo, ref and hash are required, checked in
 * that order, with its messages. Unlike it, a field of the wrong type or an unknown `ref_type` is refused
 * here rather than later, and org, repo, ref and hash must be a GitHub owner, a GitHub repository name, a git
 * branch or tag name and a 40-digit commit sha (domain/github-names.ts).
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
  for (const name of REQUIRED) {
    if (text(name) === '') fail(`${name} must be specified`);
    const problem = CHECKS[name](text(name));
    if (problem !== undefined) fail(`${name} ${shown(text(name))} ${problem}`);
  }
  const entrypoint = text('entrypoint');
  if (entrypoint.length > MAX_ENTRYPOINT || /[\u0000-\u001f\u007f]/.test(entrypoint))
    fail(`entrypoint must be a template name of at most ${MAX_ENTRYPOINT} characters without control characters`);
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
    // one commit, one spelling: workflow ids and labels are built from it
    hash: text('hash').toLowerCase(),
    entrypoint,
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

/** The value as JSON, cut short: the reason must stay readable whatever was sent. */
function shown(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

function fail(reason: string): never {
  throw new HttpError(400, `cannot decode input, ${reason}`);
}
