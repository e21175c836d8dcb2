/**
 * The run key of a push (issue 8): `push-<branch>`. The workflow id already holds the repository, the commit and
 * the entrypoint (domain/ids.ts), so the push of one commit to one branch is one run, whichever event brings it:
 * `check_suite.requested`, `pull_request.synchronize` (one per open PR of the branch) or `merge_group`. Both
 * events are sent for every push to a PR's branch, in no promised order: they share this key, so the first one
 * starts the run and the others find it.
 */
export function pushRunKey(branch: string): string {
  return `push-${branch}`;
}

/** ISO 8601 instants as GitHub writes them (`2019-05-15T15:20:33Z`, fractions and offsets allowed). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** A payload's timestamp as `CiTrigger.pushedAt`, or undefined when it is absent or no instant. */
export function pushedAtOf(value: string | undefined): string | undefined {
  if (value === undefined || !ISO_INSTANT.test(value) || !Number.isFinite(Date.parse(value))) return undefined;
  return value;
}
