import { createInstallationToken, getOrgInstallation, getRepoInstallation } from './handlers/apps';
import { createCheckRun, getCheckRun, listCheckRunsForRef, updateCheckRun } from './handlers/checks';
import {
  checkOrgMembership,
  createIssueComment,
  getCollaboratorPermission,
  getPullRequest,
} from './handlers/collaboration';
import { getBlob, getContent, putContent } from './handlers/contents';
import { getTree } from './handlers/trees';
import { compareCommits } from './handlers/compare';
import type { Handler } from './handlers/context';
import {
  createDeployment,
  createDeploymentStatus,
  listDeployments,
  listDeploymentStatuses,
} from './handlers/deployments';
import { reactToIssue, reactToIssueComment } from './handlers/reactions';
import { getBranch, getGitRef, getGitTag, getRepository } from './handlers/repos';

/** How a route authenticates: the App's JWT, or an installation token scoped to an owner (repo owner or org). */
export type AuthKind = 'app-jwt' | 'installation';

export interface Route {
  auth: AuthKind;
  handle: Handler;
  /** the installation permission the call needs, as GitHub documents it per endpoint; a token without it gets 403 */
  needs?: [permission: string, level: 'read' | 'write'];
}

/** Routes are keyed by GitHub's operationId: the OpenAPI validator has already matched method + path template. */
export const routes: Record<string, Route> = {
  'apps/create-installation-access-token': { auth: 'app-jwt', handle: createInstallationToken },
  'apps/get-repo-installation': { auth: 'app-jwt', handle: getRepoInstallation },
  'apps/get-org-installation': { auth: 'app-jwt', handle: getOrgInstallation },
  'repos/get': { auth: 'installation', handle: getRepository, needs: ['metadata', 'read'] },
  'repos/get-branch': { auth: 'installation', handle: getBranch, needs: ['contents', 'read'] },
  'repos/get-content': { auth: 'installation', handle: getContent, needs: ['contents', 'read'] },
  'repos/create-or-update-file-contents': { auth: 'installation', handle: putContent, needs: ['contents', 'write'] },
  'git/get-ref': { auth: 'installation', handle: getGitRef, needs: ['contents', 'read'] },
  'git/get-tag': { auth: 'installation', handle: getGitTag, needs: ['contents', 'read'] },
  'git/get-tree': { auth: 'installation', handle: getTree, needs: ['contents', 'read'] },
  'git/get-blob': { auth: 'installation', handle: getBlob, needs: ['contents', 'read'] },
  'repos/compare-commits-with-basehead': { auth: 'installation', handle: compareCommits, needs: ['contents', 'read'] },
  'checks/create': { auth: 'installation', handle: createCheckRun, needs: ['checks', 'write'] },
  'checks/update': { auth: 'installation', handle: updateCheckRun, needs: ['checks', 'write'] },
  'checks/get': { auth: 'installation', handle: getCheckRun, needs: ['checks', 'read'] },
  'checks/list-for-ref': { auth: 'installation', handle: listCheckRunsForRef, needs: ['checks', 'read'] },
  'pulls/get': { auth: 'installation', handle: getPullRequest, needs: ['pull_requests', 'read'] },
  'issues/create-comment': { auth: 'installation', handle: createIssueComment, needs: ['issues', 'write'] },
  'reactions/create-for-issue-comment': {
    auth: 'installation',
    handle: reactToIssueComment,
    needs: ['issues', 'write'],
  },
  'reactions/create-for-issue': { auth: 'installation', handle: reactToIssue, needs: ['issues', 'write'] },
  'repos/create-deployment': { auth: 'installation', handle: createDeployment, needs: ['deployments', 'write'] },
  'repos/create-deployment-status': {
    auth: 'installation',
    handle: createDeploymentStatus,
    needs: ['deployments', 'write'],
  },
  'repos/list-deployments': { auth: 'installation', handle: listDeployments, needs: ['deployments', 'read'] },
  'repos/list-deployment-statuses': {
    auth: 'installation',
    handle: listDeploymentStatuses,
    needs: ['deployments', 'read'],
  },
  'orgs/check-membership-for-user': { auth: 'installation', handle: checkOrgMembership, needs: ['members', 'read'] },
  'repos/get-collaborator-permission-level': {
    auth: 'installation',
    handle: getCollaboratorPermission,
    needs: ['metadata', 'read'],
  },
};
