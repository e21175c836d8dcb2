import { example, nodeId, simpleUser } from '../templates';
import { notFound, repoOf, type Handler, type HandlerContext } from './context';

/**
 * Reactions on issue comments and on issues, made by the App's bot user. As on GitHub, the same reaction by the
 * same user again answers 200 with the one that exists (201 when new), so a retried reaction is harmless.
 */
function react(ctx: HandlerContext, target: 'comment' | 'issue', id: number) {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  if (target === 'comment' && !repo.issueComments.some((c) => c.id === id) && !repo.knownCommentIds.has(id))
    return notFound();
  const content = String(ctx.body.content);
  const user = `app-${ctx.state.appId}[bot]`;
  let reaction = repo.reactions.find((r) => r.target === target && r.id === id && r.content === content);
  const created = reaction === undefined;
  if (!reaction) {
    reaction = { reactionId: ctx.state.nextId(), target, id, content, user };
    repo.reactions.push(reaction);
  }
  const body = example('reaction');
  Object.assign(body, {
    id: reaction.reactionId,
    node_id: nodeId('Reaction', reaction.reactionId),
    content,
    user: simpleUser(ctx.baseUrl, ctx.state.account(user)),
  });
  return { status: created ? 201 : 200, body };
}

export const reactToIssueComment: Handler = (ctx) => react(ctx, 'comment', Number(ctx.params.comment_id));
export const reactToIssue: Handler = (ctx) => react(ctx, 'issue', Number(ctx.params.issue_number));
