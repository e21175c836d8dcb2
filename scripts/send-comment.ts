/**
 * Writes a comment on an issue of the playground's sample repository, as GitHub would deliver it, and prints what
 * kube-ci answered there: GitHub's own `issue_comment.created` example payload with `--body`, signed like GitHub
 * signs it, to a running `npm run dev` playground (stand-in mode); then the reactions and replies the stand-in
 * GitHub recorded on that issue (`GET /_fake/conversation/{owner}/{repo}`).
 *
 *   npx tsx scripts/send-comment.ts --body "/kube-ci help" [--login octocat] [--issue 1] [--data-dir DIR] [--api URL] …
 *
 * The stand-in gives nobody write access, so `/kube-ci help` is answered and every other command is refused
 * with the reason: what a person without write access sees.
 */
import { examplePayload, postDelivery, signedDelivery } from '../test/support/webhook-delivery';
import { call, connectPlayground, fail } from './playground-client';

const SCRIPT = 'send-comment';
const playground = connectPlayground(SCRIPT, {
  body: { type: 'string' },
  login: { type: 'string', default: 'octocat' },
  issue: { type: 'string', default: '1' },
});
const flags = playground.flags as { body?: string; login: string; issue: string; timeout: string };
if (!flags.body) fail(SCRIPT, 'say what to comment: --body "/kube-ci help"');

const payload = examplePayload('issue_comment', 'created');
payload['comment'].id = Date.now();
payload['comment'].body = flags.body;
payload['comment'].user.login = flags.login;
payload['sender'].login = flags.login;
payload['issue'].number = Number(flags.issue);
delete payload['issue'].pull_request;
// GitHub adds the App's installation to every delivery it sends an App; the recorded example has none.
payload['installation'] = examplePayload('check_suite', 'requested')['installation'];
const [owner, repo] = (payload['repository'].full_name as string).split('/') as [string, string];
await call(SCRIPT, `${playground.githubUrl}/_fake/seed`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ payload, files: { 'README.md': '# Hello World\n' } }),
});

const answer = await postDelivery(playground.apiUrl, await signedDelivery(playground.secret, 'issue_comment', payload));
console.log(
  `POST ${playground.apiUrl}/webhooks/github (issue_comment.created) → ${answer.status} ${answer.body.trim()}`,
);
if (answer.status !== 202) process.exit(1);

interface Conversation {
  comments: { id: number; issueNumber: number; body: string; user: string }[];
  reactions: { target: string; id: number; content: string }[];
}
const url = `${playground.githubUrl}/_fake/conversation/${owner}/${repo}`;
const deadline = Date.now() + Number(flags.timeout) * 1000;
for (;;) {
  const seen = (await call(SCRIPT, url)) as Conversation;
  const reaction = seen.reactions.find((r) => r.target === 'comment' && r.id === payload['comment'].id);
  if (reaction) {
    console.log(`reaction on the comment: ${reaction.content}`);
    const replies = seen.comments.filter(
      (c) => c.issueNumber === Number(flags.issue) && c.id !== payload['comment'].id,
    );
    for (const reply of replies.slice(-1)) console.log(`reply by ${reply.user}:\n${reply.body}`);
    process.exit(0);
  }
  if (Date.now() > deadline) fail(SCRIPT, `no reaction on the comment within ${flags.timeout} s`);
  await new Promise((resolve) => setTimeout(resolve, 500));
}
