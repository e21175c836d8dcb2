import { hash } from './hash';
import type { CiTrigger, RepoRef } from './types';

/** Temporal's default limit on workflow id length. */
const MAX_ID_LENGTH = 1000;

/**
 * The Temporal workflow id of a CI run, derived from what the run is about:
 * `ci/<owner>/<repo>/<sha>/<entrypoint or 'default'>/<runKey>`.
 *
 * `runKey` says which request this is: `push-<branch>` for a push, whichever event brings it (check suite,
 * pull_request.synchronize, merge group: a redelivery or the other event maps onto the run that exists,
 * domain/push-run-key.ts), `pr-<action>-<digest>`, `tag-<digest>`, `rerun-<digest>` / `action-<digest>` for explicit
 * re-runs, keyed on the signed body (a redelivery or replay is the same body, a new click is not;
 * see `parseWebhook`), `api-<uuid>` for the HTTP API. Segments are
 * URI-encoded, so the id has no spaces or stray slashes; ids over 1000 characters are cut and
 * end in a hash of the full id, so they stay unique.
 */
export function workflowIdFor(trigger: CiTrigger, runKey: string): string {
  const segments = [
    'ci',
    trigger.repo.owner,
    trigger.repo.name,
    trigger.sha,
    trigger.entrypoint === '' ? 'default' : trigger.entrypoint,
    runKey,
  ];
  const id = segments.map((s) => encodeURIComponent(wellFormed(s))).join('/');
  if (id.length <= MAX_ID_LENGTH) return id;
  const suffix = `~${hash(id)}`;
  return id.slice(0, MAX_ID_LENGTH - suffix.length) + suffix;
}

/** Lone surrogates become U+FFFD: `encodeURIComponent` throws on them. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * The id of the workflow that skips a manual step whose run has ended: `skip/<owner>/<repo>/<check run id>/<click
 * key>`, so the same click delivered twice skips once.
 */
export function skipWorkflowIdFor(repo: RepoRef, checkRunId: number, clickKey: string): string {
  return ['skip', repo.owner, repo.name, String(checkRunId), clickKey].map((s) => encodeURIComponent(s)).join('/');
}

/**
 * The id of the workflow that clears caches for one webhook body: `clear-caches/<owner>/<repo>/<key>`, the key
 * being `clear-<body digest>`, so a redelivered press, branch delete or repository event clears once.
 */
export function cacheClearWorkflowIdFor(repo: RepoRef, key: string): string {
  return ['clear-caches', repo.owner, repo.name, key].map((s) => encodeURIComponent(wellFormed(s))).join('/');
}

/**
 * The id of the workflow that resolves a ref and starts its CI run (workflows/ref-run.ts):
 * `ref-run/<owner>/<repo>/<tag|branch>/<ref>/<runKey>`, so the same request (a redelivered tag `create`) resolves
 * and starts once. Cut and hashed like {@link workflowIdFor} when long.
 */
export function refRunWorkflowIdFor(trigger: Pick<CiTrigger, 'repo' | 'ref' | 'refType'>, runKey: string): string {
  const segments = ['ref-run', trigger.repo.owner, trigger.repo.name, trigger.refType, trigger.ref, runKey];
  const id = segments.map((s) => encodeURIComponent(wellFormed(s))).join('/');
  if (id.length <= MAX_ID_LENGTH) return id;
  const suffix = `~${hash(id)}`;
  return id.slice(0, MAX_ID_LENGTH - suffix.length) + suffix;
}

/**
 * The id of the workflow that tells a fork PR it needs an approval (workflows/fork-notice.ts):
 * `fork-notice/<owner>/<repo>/<pr>/<sha>`, so a redelivered event, or a PR reopened on the same commit, posts once.
 */
export function forkNoticeWorkflowIdFor(notice: { repo: RepoRef; pullRequest: number; sha: string }): string {
  const segments = ['fork-notice', notice.repo.owner, notice.repo.name, String(notice.pullRequest), notice.sha];
  return segments.map((s) => encodeURIComponent(wellFormed(s))).join('/');
}
