/** Who may run explicit commands (SPEC A2 G12, G48; issue 8 item 2): the facts come from activities. */

/** A collaborator's permission as GitHub's collaborator permission API names it; `null` = not a collaborator. */
export type RepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none' | null;

/** What {@link authorisationVerdict} decides on, gathered by the `checkAuthorised` activity. */
export interface AuthorisationFacts {
  login: string;
  /** `role_name` (or `permission`) from `GET /repos/{owner}/{repo}/collaborators/{login}/permission` */
  permission: RepoPermission;
  /** the orgs named in `authorisedOrgs` that were asked, and whether `login` is a member */
  orgs: { org: string; member: boolean }[];
}

/** The verdict and its reason, worded for the reply comment. */
export interface AuthorisationResult {
  authorised: boolean;
  reason: string;
}

const PASSING: ReadonlySet<string> = new Set(['admin', 'maintain', 'write']);

/** True when the permission alone authorises (the activity then asks no org). */
export function permissionAuthorises(permission: RepoPermission): boolean {
  return permission !== null && PASSING.has(permission);
}

/**
 * Write, maintain or admin on the repository passes, as does membership of an org listed in `authorisedOrgs`;
 * anything else is refused with the reason. User-owned repositories work (G48): the owner is admin.
 */
export function authorisationVerdict({ login, permission, orgs }: AuthorisationFacts): AuthorisationResult {
  if (login === '') return { authorised: false, reason: 'the event names no sender' };
  if (permissionAuthorises(permission)) return { authorised: true, reason: `@${login} has ${permission} access` };
  const org = orgs.find((o) => o.member);
  if (org) return { authorised: true, reason: `@${login} is a member of ${org.org}` };
  const has = permission === null ? 'is not a collaborator' : `has only ${permission} access`;
  const orgText = orgs.length > 0 ? ` and is not a member of ${orgs.map((o) => o.org).join(', ')}` : '';
  return {
    authorised: false,
    reason: `@${login} ${has} on this repository${orgText}; commands need write, maintain or admin access`,
  };
}
