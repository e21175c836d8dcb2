import { example, nodeId, simpleUser } from '../templates';

import { notFound, repoApiUrl, repoHtmlUrl, repoOf, type Handler, type HandlerContext } from './context';

function repoSummary(
  ctx: HandlerContext,
  template: Record<string, unknown>,
  fullName: string,
): Record<string, unknown> {
  const [owner = '', name = ''] = fullName.split('/');
  const repo = ctx.state.repo(owner, name);
  const account = repo?.owner ?? ctx.state.account(owner);
  return Object.assign(template, {
    id: repo?.id ?? 0,
    node_id: nodeId('Repository', repo?.id ?? 0),
    name,
    full_name: fullName,
    owner: simpleUser(ctx.baseUrl, account),
    private: repo?.private ?? false,
    url: `${ctx.baseUrl}/repos/${fullName}`,
    html_url: `${ctx.baseUrl}/html/${fullName}`,
    default_branch: repo?.defaultBranch ?? 'main',
  });
}

export const getPullRequest: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const pull = repo?.pulls.get(Number(ctx.params.pull_number));
  if (!repo || !pull) return notFound();
  const body = example('pull-request');
  const api = repoApiUrl(ctx, repo);
  const user = simpleUser(ctx.baseUrl, ctx.state.account(pull.user));
  const head = body.head as Record<string, unknown>;
  const base = body.base as Record<string, unknown>;
  const headOwner = pull.head.repoFullName.split('/')[0] ?? '';
  Object.assign(head, { ref: pull.head.ref, sha: pull.head.sha, label: `${headOwner}:${pull.head.ref}`, user });
  repoSummary(ctx, head.repo as Record<string, unknown>, pull.head.repoFullName);
  Object.assign(base, { ref: pull.base.ref, sha: pull.base.sha, label: `${repo.owner.login}:${pull.base.ref}` });
  repoSummary(ctx, base.repo as Record<string, unknown>, `${repo.owner.login}/${repo.name}`);
  Object.assign(body, {
    id: pull.number + 100000,
    node_id: nodeId('PullRequest', pull.number),
    number: pull.number,
    state: pull.state,
    title: pull.title,
    draft: pull.draft,
    user,
    // the documented example's people, teams and labels belong to octocat, not to this PR
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    labels: [],
    milestone: null,
    merged_by: null,
    url: `${api}/pulls/${pull.number}`,
    html_url: `${repoHtmlUrl(ctx, repo)}/pull/${pull.number}`,
  });
  return { status: 200, body };
};

export const createIssueComment: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const comment = {
    id: ctx.state.nextId(),
    issueNumber: Number(ctx.params.issue_number),
    body: String(ctx.body.body),
    user: `app-${ctx.state.appId}[bot]`,
  };
  repo.issueComments.push(comment);
  const api = repoApiUrl(ctx, repo);
  const body = example('issue-comment');
  Object.assign(body, {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    body: comment.body,
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${repoHtmlUrl(ctx, repo)}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    user: simpleUser(ctx.baseUrl, ctx.state.account(comment.user)),
  });
  return { status: 201, body };
};

export const checkOrgMembership: Handler = (ctx) => {
  const members = ctx.state.orgMembers.get((ctx.params.org ?? '').toLowerCase());
  return members?.has((ctx.params.username ?? '').toLowerCase()) ? { status: 204 } : { status: 404 };
};

export const getCollaboratorPermission: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const username = ctx.params.username ?? '';
  const permission = repo?.collaborators.get(username.toLowerCase());
  if (!repo || !permission) return notFound();
  const role = permission === 'none' ? 'read' : permission;
  const legacy = permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission;
  const user = { ...simpleUser(ctx.baseUrl, ctx.state.account(username)), role_name: role };
  return { status: 200, body: { permission: legacy, role_name: role, user } };
};
