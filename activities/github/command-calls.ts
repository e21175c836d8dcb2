import type { RepoPermission } from '../../domain/authorisation';
import type { CommandSource } from '../../domain/comment-command-event';
import { isNotFound } from './classify-github-error';
import type { InstallationCall } from './deployments';
import type { CheckRunSummary, InstallationRepo } from './gateway';
import { createContentCalls } from './content-calls';
import { toCheckRunSummary } from './to-domain';

/** A pull request as `/kube-ci` commands need it (`GET /repos/{owner}/{repo}/pulls/{number}`). */
export interface PullRequestDetails {
  number: number;
  state: string;
  draft: boolean;
  title: string;
  htmlUrl: string;
  headRef: string;
  headSha: string;
  /** `head.repo.full_name`; '' when the fork was deleted */
  headRepoFullName: string;
  headRepoUrl: string;
  baseRef: string;
  baseRepoUrl: string;
}

/** The reactions kube-ci acknowledges commands with. */
export type Reaction = '+1' | 'rocket' | 'eyes' | 'confused';

/** GitHub calls of the `/kube-ci` commands, over the installation's token (Issues, Pull requests, Contents: write). */
export interface CommandCalls {
  /** the collaborator's permission (`role_name`); `null` when GitHub says the login is no collaborator */
  getCollaboratorPermission(at: InstallationRepo, login: string): Promise<RepoPermission>;
  /**
   * `GET /orgs/{org}/members/{login}` with the App's installation on that org (an installation token reaches
   * only its own account): 204 is a member, 404 is not; no installation on the org is no member.
   */
  isOrgMember(at: InstallationRepo, org: string, login: string): Promise<boolean>;
  getPullRequest(at: InstallationRepo, pullNumber: number): Promise<PullRequestDetails | null>;
  /** a reaction on a comment or on the issue itself; GitHub answers 200 for one that exists (idempotent) */
  addReaction(
    at: InstallationRepo,
    target: { source: CommandSource; issueNumber: number },
    content: Reaction,
  ): Promise<void>;
  createIssueComment(at: InstallationRepo, issueNumber: number, body: string): Promise<{ id: number }>;
  /** every check run of this App on the commit, all pages */
  listCommitCheckRuns(at: InstallationRepo, sha: string): Promise<CheckRunSummary[]>;
  /** the commit a branch points at (`GET /repos/{owner}/{repo}/branches/{branch}`); `null` when there is no such branch */
  getBranchHead(at: InstallationRepo, branch: string): Promise<string | null>;
  /** creates or replaces one file on a branch (reads its blob sha first); returns the new commit's sha */
  putFile(
    at: InstallationRepo,
    file: { path: string; branch: string; content: string; message: string },
  ): Promise<{ commitSha: string }>;
}

const PERMISSIONS: ReadonlySet<string> = new Set(['admin', 'maintain', 'write', 'triage', 'read', 'none']);

/** The calls over `call` (octokit-gateway.ts), so every error is classified once, as for check runs. */
export function createCommandCalls(
  call: InstallationCall,
  options: { appId: number; orgInstallation: (org: string) => Promise<number | null> },
): CommandCalls {
  const { appId } = options;
  const repoParams = (at: InstallationRepo) => ({ owner: at.repo.owner, repo: at.repo.name });
  return {
    getCollaboratorPermission: (at, login) =>
      call(at, `read the permission of ${login}`, async (octokit, headers) => {
        try {
          const { data } = await octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', {
            ...repoParams(at),
            username: login,
            headers,
          });
          const role = data.role_name ?? data.permission;
          return PERMISSIONS.has(role) ? (role as RepoPermission) : 'none';
        } catch (error) {
          if (isNotFound(error)) return null;
          throw error;
        }
      }),

    isOrgMember: async (at, org, login) => {
      const sameOwner = org.toLowerCase() === at.repo.owner.toLowerCase();
      const installationId = sameOwner ? at.installationId : await options.orgInstallation(org);
      if (installationId === null) return false;
      return call({ ...at, installationId }, `check membership of ${login} in ${org}`, async (octokit, headers) => {
        try {
          const { status } = await octokit.request('GET /orgs/{org}/members/{username}', {
            org,
            username: login,
            headers,
          });
          return (status as number) === 204;
        } catch (error) {
          if (isNotFound(error)) return false;
          throw error;
        }
      });
    },

    getPullRequest: (at, pullNumber) =>
      call(at, `read pull request ${pullNumber}`, async (octokit, headers) => {
        try {
          const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
            ...repoParams(at),
            pull_number: pullNumber,
            headers,
          });
          return {
            number: data.number,
            state: data.state,
            draft: data.draft ?? false,
            title: data.title,
            htmlUrl: data.html_url,
            headRef: data.head.ref,
            headSha: data.head.sha,
            headRepoFullName: data.head.repo?.full_name ?? '',
            headRepoUrl: data.head.repo?.url ?? '',
            baseRef: data.base.ref,
            baseRepoUrl: data.base.repo.url,
          };
        } catch (error) {
          if (isNotFound(error)) return null;
          throw error;
        }
      }),

    addReaction: (at, { source, issueNumber }, content) =>
      call(at, `react ${content}`, async (octokit, headers) => {
        if (source.kind === 'comment')
          await octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
            ...repoParams(at),
            comment_id: source.commentId,
            content,
            headers,
          });
        else
          await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/reactions', {
            ...repoParams(at),
            issue_number: issueNumber,
            content,
            headers,
          });
      }),

    createIssueComment: (at, issueNumber, body) =>
      call(at, `comment on #${issueNumber}`, async (octokit, headers) => {
        const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...repoParams(at),
          issue_number: issueNumber,
          body,
          headers,
        });
        return { id: Number(data.id) };
      }),

    listCommitCheckRuns: (at, sha) =>
      call(at, `list check runs on ${sha}`, async (octokit, headers) => {
        const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
          ...repoParams(at),
          ref: sha,
          filter: 'all',
          app_id: appId,
          per_page: 100,
          headers,
        });
        return runs.map((run) => toCheckRunSummary(run));
      }),

    ...createContentCalls(call),
  };
}
