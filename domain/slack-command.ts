/** Slack slash commands (SPEC B §16, G19): what `/ci-build`, `/ci-deploy` and `/ci-setup` ask for. */
import { shellWords } from './comment-command';
import { refNameProblem } from './github-names';
import type { RepoRef } from './types';

/** A Slack command kube-ci carries out; `ref`/`branch` '' means the repository's default branch. */
export type SlackCommand =
  | { kind: 'build'; repo: RepoRef; ref: string }
  | { kind: 'deploy'; repo: RepoRef; environment: string; ref: string }
  | { kind: 'setup'; repo: RepoRef; template: string; branch: string };

const USAGE: Record<string, string> = {
  '/ci-build': '/ci-build org/repo [branch]',
  '/ci-deploy': '/ci-deploy org/repo environment [branch]',
  '/ci-setup': '/ci-setup org/repo template [branch]',
};

/**
 * The command in a Slack slash-command request (`command`, `text`), or the message to answer with. The text is
 * split shell-style; the first word must be `org/repo` (the original's "need org/repo argument"); a wrong count of
 * words answers the usage (the original garbled or lost it, or panicked: G19). Never throws.
 */
export function parseSlackCommand(command: string, text: string): SlackCommand | { kind: 'invalid'; message: string } {
  const usage = USAGE[command];
  if (!usage)
    return { kind: 'invalid', message: `unknown command ${command}; kube-ci knows ${Object.keys(USAGE).join(', ')}` };
  const words = shellWords(text);
  if (typeof words === 'string') return { kind: 'invalid', message: words };
  const [full = '', ...args] = words;
  const [owner, name, extra] = full.split('/');
  if (!owner || !name || extra !== undefined)
    return { kind: 'invalid', message: `need org/repo argument; usage: ${usage}` };
  const repo = { owner, name };
  const wanted = command === '/ci-build' ? 0 : 1;
  if (args.length < wanted || args.length > wanted + 1) return { kind: 'invalid', message: `usage: ${usage}` };
  const ref = args[wanted] ?? '';
  const problem = ref === '' ? undefined : refNameProblem(ref);
  if (problem) return { kind: 'invalid', message: `${ref} is not a branch name: it ${problem}` };
  if (command === '/ci-build') return { kind: 'build', repo, ref };
  if (command === '/ci-deploy') return { kind: 'deploy', repo, environment: args[0]!, ref };
  return { kind: 'setup', repo, template: args[0]!, branch: ref };
}

/** Who may use Slack commands: a listed user id, or anyone in a listed channel id. Empty lists allow nobody. */
export function slackSenderAllowed(
  sender: { userId: string; channelId: string },
  allowed: { users: string[]; channels: string[] },
): boolean {
  return allowed.users.includes(sender.userId) || allowed.channels.includes(sender.channelId);
}

/** A verified, allowed Slack command, as `slackCommandWorkflow` takes it. */
export interface SlackCommandRequest {
  command: SlackCommand;
  /** Slack `user_id` and `user_name` of who asked */
  userId: string;
  userName: string;
  channelId: string;
  /** Slack's `response_url`: where the outcome is posted (valid for 30 minutes) */
  responseUrl: string;
  /** `slack-<digest of the signed body>`: the workflow id's last part */
  key: string;
}

/** The Slack command workflow's id: `slack/<owner>/<repo>/<key>`. */
export function slackWorkflowIdFor(request: Pick<SlackCommandRequest, 'command' | 'key'>): string {
  const { repo } = request.command;
  return ['slack', repo.owner, repo.name, request.key].map((s) => encodeURIComponent(s)).join('/');
}
