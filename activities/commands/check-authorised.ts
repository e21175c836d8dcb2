import { authorisationVerdict, permissionAuthorises, type AuthorisationResult } from '../../domain/authorisation';
import type { CiTrigger } from '../../domain/types';
import type { ActivityDeps } from '../deps';

/** Who asks, and where: a command's repository and installation (a CiTrigger will do). */
export interface CheckAuthorisedInput {
  trigger: Pick<CiTrigger, 'installationId' | 'repo'> & { deliveryId?: string };
  login: string;
}

/**
 * Gathers the facts `authorisationVerdict` decides on (domain/authorisation.ts): the collaborator permission
 * (`GET /repos/{owner}/{repo}/collaborators/{login}/permission`) and, only when that does not pass, membership of
 * each org in `authorisedOrgs` (`GET /orgs/{org}/members/{login}`). Used by `/kube-ci` commands and, for explicit
 * re-runs, by ciRunWorkflow. Read-only, so retries are harmless.
 */
export function makeCheckAuthorised(deps: ActivityDeps) {
  return async function checkAuthorised({ trigger, login }: CheckAuthorisedInput): Promise<AuthorisationResult> {
    if (login === '') return authorisationVerdict({ login, permission: null, orgs: [] });
    const at = {
      installationId: trigger.installationId,
      repo: trigger.repo,
      ...(trigger.deliveryId ? { deliveryId: trigger.deliveryId } : {}),
    };
    const permission = await deps.github.getCollaboratorPermission(at, login);
    const orgs: { org: string; member: boolean }[] = [];
    if (!permissionAuthorises(permission)) {
      for (const org of deps.commands?.authorisedOrgs ?? []) {
        const member = await deps.github.isOrgMember(at, org, login);
        orgs.push({ org, member });
        if (member) break;
      }
    }
    return authorisationVerdict({ login, permission, orgs });
  };
}
