import { createInstallationToken } from './handlers/apps';
import { createCheckRun, getCheckRun, listCheckRunsForRef, updateCheckRun } from './handlers/checks';
import {
  checkOrgMembership,
  createIssueComment,
  getCollaboratorPermission,
  getPullRequest,
} from './handlers/collaboration';
import { getBlob, getContent, putContent } from './handlers/contents';
import type { Handler } from './handlers/context';
import { createDeployment, createDeploymentStatus } from './handlers/deployments';
import { getBranch, getGitRef, getGitTag, getRepository } from './handlers/repos';

/** How a route authenticates: the App's JWT, or an installation token scoped to an owner (repo owner or org). */
export type AuthKind = 'app-jwt' | 'installation';

export interface Route {
  auth: AuthKind;
  handle: Handler;
}

/** Routes are keyed by GitHub's operationId: the OpenAPI validator has already matched method + path template. */
export const routes: Record<string, Route> = {
  'apps/create-installation-access-token': { auth: 'app-jwt', handle: createInstallationToken },
  'repos/get': { auth: 'installation', handle: getRepository },
  'repos/get-branch': { auth: 'installation', handle: getBranch },
  'repos/get-content': { auth: 'installation', handle: getContent },
  'repos/create-or-update-file-contents': { auth: 'installation', handle: putContent },
  'git/get-ref': { auth: 'installation', handle: getGitRef },
  'git/get-tag': { auth: 'installation', handle: getGitTag },
  'git/get-blob': { auth: 'installation', handle: getBlob },
  'checks/create': { auth: 'installation', handle: createCheckRun },
  'checks/update': { auth: 'installation', handle: updateCheckRun },
  'checks/get': { auth: 'installation', handle: getCheckRun },
  'checks/list-for-ref': { auth: 'installation', handle: listCheckRunsForRef },
  'pulls/get': { auth: 'installation', handle: getPullRequest },
  'issues/create-comment': { auth: 'installation', handle: createIssueComment },
  'repos/create-deployment': { auth: 'installation', handle: createDeployment },
  'repos/create-deployment-status': { auth: 'installation', handle: createDeploymentStatus },
  'orgs/check-membership-for-user': { auth: 'installation', handle: checkOrgMembership },
  'repos/get-collaborator-permission-level': { auth: 'installation', handle: getCollaboratorPermission },
};
