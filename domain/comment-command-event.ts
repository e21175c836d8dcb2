import { parseCommentCommand, type CommentCommand } from './comment-command';
import { at, idAt, stringAt } from './payload-fields';
import type { RepoRef } from './types';
import type { WebhookDecision } from './webhook-event';

/** Where the command was written: the reaction goes on it, the reply on its issue or PR. */
export type CommandSource = { kind: 'comment'; commentId: number } | { kind: 'issue' };

/** A `/kube-ci` command from a comment or an opened issue, as the command workflow takes it. */
export interface CommentCommandRequest {
  installationId: number;
  repo: RepoRef;
  /** the issue or pull request number */
  issueNumber: number;
  isPullRequest: boolean;
  source: CommandSource;
  /** who wrote the command; authorisation is decided on this login */
  sender: string;
  /** `html_url` of the comment (or issue), for the setup commit message */
  url: string;
  command: CommentCommand;
  /** `comment-<id>` or `issue-<id>`: the workflow id's last part, so a redelivery runs the command once */
  key: string;
  deliveryId: string;
}

const MAX_NAME = 100;

/**
 * `issue_comment` created and `issues` opened (SPEC B 4.11–4.12) whose first line starts with `/kube-ci`
 * become a `comment-command`; everything else is ignored with a reason. Differences from the original: an
 * opened issue keeps its installation and URL, and a null body is no command (G16); comments by bots
 * (kube-ci's own replies among them) are never commands; the owner is `repository.owner.login` (G14).
 * Never throws.
 */
export function commentCommandEvent(name: string, payload: unknown, deliveryId: string): WebhookDecision {
  const action = stringAt(payload, 'action');
  const isComment = name === 'issue_comment';
  if (isComment && action !== 'created') return { kind: 'ignored', reason: 'only a created comment is a command' };
  if (!isComment && action !== 'opened') return { kind: 'ignored', reason: `ignoring issues ${action ?? ''} event` };
  const written = isComment ? at(payload, 'comment') : at(payload, 'issue');
  if (stringAt(written, 'user', 'type') === 'Bot' || stringAt(payload, 'sender', 'type') === 'Bot')
    return { kind: 'ignored', reason: 'comments by bots are not commands' };
  const command = parseCommentCommand(stringAt(written, 'body'));
  if (command === null) return { kind: 'ignored', reason: 'not a /kube-ci command' };

  const owner = stringAt(payload, 'repository', 'owner', 'login');
  const repo = stringAt(payload, 'repository', 'name');
  if (!owner || !repo || owner.length > MAX_NAME || repo.length > MAX_NAME)
    return { kind: 'ignored', reason: 'payload has no repository owner or name' };
  const installationId = idAt(payload, 'installation', 'id');
  if (installationId === undefined) return { kind: 'ignored', reason: 'payload has no installation id' };
  const issueNumber = idAt(payload, 'issue', 'number');
  const writtenId = idAt(written, 'id');
  if (issueNumber === undefined || writtenId === undefined)
    return { kind: 'ignored', reason: `payload has no ${isComment ? 'comment' : 'issue'} id or issue number` };
  const sender = stringAt(written, 'user', 'login') ?? stringAt(payload, 'sender', 'login') ?? '';
  const pullRequest = at(payload, 'issue', 'pull_request');
  const request: CommentCommandRequest = {
    installationId,
    repo: { owner, name: repo },
    issueNumber,
    isPullRequest: typeof pullRequest === 'object' && pullRequest !== null,
    source: isComment ? { kind: 'comment', commentId: writtenId } : { kind: 'issue' },
    sender: sender.length > MAX_NAME ? '' : sender,
    url: stringAt(written, 'html_url') ?? '',
    command,
    key: `${isComment ? 'comment' : 'issue'}-${writtenId}`,
    deliveryId,
  };
  return { kind: 'comment-command', request };
}

/** The command workflow's id: `command/<owner>/<repo>/<key>`; the same comment delivered twice is one command. */
export function commandWorkflowIdFor(request: Pick<CommentCommandRequest, 'repo' | 'key'>): string {
  return ['command', request.repo.owner, request.repo.name, request.key].map((s) => encodeURIComponent(s)).join('/');
}
