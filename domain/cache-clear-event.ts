import { at, idAt, stringAt } from './payload-fields';
import type { RepoRef } from './types';

/**
 * A request to delete cache volumes (SPEC B 10.6–10.7): all of a repository's caches, or one branch's.
 * The same request delivered twice is one clear (`key` goes into the clear's workflow id).
 */
export interface CacheClearRequest {
  repo: RepoRef;
  /** absent on delete/repository deliveries without one (they clear all the same when no filter asks for it) */
  installationId?: number;
  /** only the branch-scope caches of this branch; absent: every cache of the repository, both scopes */
  branch?: string;
  /** for logs, the original's texts: `cache clear requested by <login>`, `deleted branch <b>`, `<action> repository` */
  reason: string;
  /** the Clear Cache button's check run, told what was deleted; absent for delete and repository events */
  pressed?: PressedCheckRun;
  /** `clear-<body digest>`: a redelivery or replay of the same body clears once */
  key: string;
}

/** The check run whose Clear Cache button was pressed, as the webhook showed it. */
export interface PressedCheckRun {
  installationId: number;
  id: number;
  /** kept on the update, as are the conclusion and the buttons (omitted fields stay as they are) */
  name: string;
  title: string;
  summary: string;
  /** who pressed it */
  sender: string;
}

/** What a cache-clearing event asks: a clear, or nothing (with the original's reply text). */
export type CacheClearDecision =
  { kind: 'clear-caches'; request: CacheClearRequest } | { kind: 'ignored'; reason: string };

/** A branch name longer than this is not a branch GitHub has (git refs stay well under it): ignored. */
const MAX_BRANCH = 1024;
const MAX_NAME = 100;
/** longest check-run summary the feedback keeps (GitHub's own limit) */
const MAX_SUMMARY = 65_535;

/**
 * `delete` (SPEC B 4.7): a branch delete clears that branch's caches; other ref types are ignored with the
 * original's reply. Any branch text is accepted: it is compared with the volumes' branch annotation, never put
 * in a selector, so an odd name cannot break the selection (D3).
 */
export function branchDeleted(payload: unknown, key: string): CacheClearDecision {
  const refType = stringAt(payload, 'ref_type') ?? '';
  if (refType !== 'branch') return { kind: 'ignored', reason: `ignore ${refType} delete event` };
  const branch = stringAt(payload, 'ref') ?? '';
  if (branch === '' || branch.length > MAX_BRANCH) return { kind: 'ignored', reason: 'delete event has no usable ref' };
  return withRepo(payload, { branch, reason: `deleted branch ${branch}`, key: `clear-${key}` });
}

/** `repository` (SPEC B 4.8): `archived` and `deleted` clear all of the repository's caches; other actions are ignored. */
export function repositoryChanged(payload: unknown, key: string): CacheClearDecision {
  const action = stringAt(payload, 'action') ?? '';
  if (action !== 'archived' && action !== 'deleted') return { kind: 'ignored', reason: `ignore repo ${action} event` };
  return withRepo(payload, { reason: `${action} repository`, key: `clear-${key}` });
}

/**
 * The Clear Cache buttons (SPEC B 10.7): `clearCache` clears every cache of the repository, branch ones
 * included (as the original, G36 kept: see README "Caches"); `clearCacheBranch` the caches of the check
 * suite's head branch. The caller has checked the App id.
 */
export function clearCachePressed(
  payload: unknown,
  identifier: 'clearCache' | 'clearCacheBranch',
  key: string,
): CacheClearDecision {
  const run = at(payload, 'check_run');
  const installationId = idAt(payload, 'installation', 'id');
  const id = idAt(run, 'id');
  if (installationId === undefined) return { kind: 'ignored', reason: 'payload has no installation id' };
  if (id === undefined) return { kind: 'ignored', reason: 'payload has no check run id' };
  const sender = stringAt(payload, 'sender', 'login') ?? '';
  const pressed: PressedCheckRun = {
    installationId,
    id,
    name: stringAt(run, 'name') ?? '',
    title: stringAt(run, 'output', 'title') ?? '',
    summary: (stringAt(run, 'output', 'summary') ?? '').slice(0, MAX_SUMMARY),
    sender: sender.length > MAX_NAME ? '' : sender,
  };
  const reason = `cache clear requested by ${pressed.sender}`;
  if (identifier === 'clearCache') return withRepo(payload, { reason, pressed, key: `clear-${key}` });
  const branch = stringAt(run, 'check_suite', 'head_branch') ?? '';
  if (branch === '' || branch.length > MAX_BRANCH)
    return { kind: 'ignored', reason: 'no head branch whose cache could be cleared' };
  return withRepo(payload, { branch, reason, pressed, key: `clear-${key}` });
}

function withRepo(payload: unknown, rest: Omit<CacheClearRequest, 'repo' | 'installationId'>): CacheClearDecision {
  const owner = stringAt(payload, 'repository', 'owner', 'login');
  const name = stringAt(payload, 'repository', 'name');
  if (!owner || !name) return { kind: 'ignored', reason: 'payload has no repository owner or name' };
  if (owner.length > MAX_NAME || name.length > MAX_NAME)
    return { kind: 'ignored', reason: `repository owner or name is over ${MAX_NAME} characters` };
  const installationId = idAt(payload, 'installation', 'id');
  return {
    kind: 'clear-caches',
    request: { repo: { owner, name }, ...(installationId !== undefined ? { installationId } : {}), ...rest },
  };
}
