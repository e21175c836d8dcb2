/**
 * commentCommandWorkflow — one `/kube-ci` command from a PR or issue comment, or an opened issue (SPEC B §15,
 * G11 G16–G18 G48). Started by the API under `command/<owner>/<repo>/comment-<id>` (temporal/command-runs.ts),
 * so a redelivered comment runs its command once. Help is answered to anyone; every other command needs an
 * authorised sender (write/maintain/admin, or a member of `authorisedOrgs`). Every command is acknowledged: a
 * reaction on the comment, and a reply for help, refusals and failures. Runs are started through the Temporal
 * gateway (an activity) as `ciRunWorkflow`s of their own, under ids keyed on the comment. First version, no patches.
 */
import { commandHelpText } from '../domain/command-replies';
import type { CommentCommandRequest } from '../domain/comment-command-event';
import { chooseDeployTemplate, commandRunKey, commandRunTrigger, isCrossRepository } from '../domain/command-trigger';
import type { CommandPullRequest } from '../domain/command-trigger';
import { commandActivities as act } from './activity-proxies';
import { failureMessage, isCancellation } from './failures';

export interface CommentCommandInput {
  request: CommentCommandRequest;
}

export interface CommentCommandResult {
  outcome: 'done' | 'help' | 'refused' | 'failed';
  message: string;
  /** workflow ids of the runs the command started or cancelled */
  runs?: string[];
}

export async function commentCommandWorkflow({ request }: CommentCommandInput): Promise<CommentCommandResult> {
  try {
    const { command } = request;
    if (command.kind === 'help') {
      const body = commandHelpText(await act.listSetupTemplates(), command.problem);
      await act.replyToCommand({ request, body });
      await act.reactToCommand({ request, reaction: 'eyes' });
      return { outcome: 'help', message: command.problem ?? 'help' };
    }
    const auth = await act.checkAuthorised({ trigger: request, login: request.sender });
    if (!auth.authorised) return await refuse(request, `you are not allowed to run kube-ci commands: ${auth.reason}`);
    switch (command.kind) {
      case 'run':
        return await runOnHead(request, command.entrypoint);
      case 'ok-to-test':
        return await runOnHead(request, '');
      case 'retest':
        return await retest(request);
      case 'cancel':
        return await cancel(request);
      case 'deploy':
        return await deploy(request, command.environment, command.template);
      case 'setup':
        return await setup(request, command.template);
    }
  } catch (err) {
    if (isCancellation(err)) throw err;
    return await refuse(request, `the command failed: ${failureMessage(err)}`, 'failed');
  }
}

async function refuse(
  request: CommentCommandRequest,
  message: string,
  outcome: 'refused' | 'failed' = 'refused',
): Promise<CommentCommandResult> {
  await act.replyToCommand({ request, body: `@${request.sender} ${message}` });
  await act.reactToCommand({ request, reaction: 'confused' });
  return { outcome, message };
}

/** The open PR the command was written on, or the refusal to send. */
async function pullRequestOf(request: CommentCommandRequest): Promise<CommandPullRequest | string> {
  if (!request.isPullRequest) return `${request.command.kind} is only valid on PR comments`;
  const pr = await act.readPullRequest({ request });
  if (!pr) return `pull request #${request.issueNumber} was not found`;
  if (pr.state !== 'open') return `pull request #${request.issueNumber} is ${pr.state}`;
  if (pr.headRepoUrl === '') return `the head repository of #${request.issueNumber} is gone`;
  return pr;
}

/** `run [entrypoint]` and `ok-to-test`: one run of the PR's head commit as it is now (a fork's approval). */
async function runOnHead(request: CommentCommandRequest, entrypoint: string): Promise<CommentCommandResult> {
  const pr = await pullRequestOf(request);
  if (typeof pr === 'string') return await refuse(request, pr);
  const trigger = commandRunTrigger(request, pr, entrypoint);
  const { workflowId } = await act.startCommandRun({ trigger, runKey: commandRunKey(request) });
  await act.reactToCommand({ request, reaction: 'rocket' });
  return { outcome: 'done', message: `run of ${pr.headSha} started`, runs: [workflowId] };
}

/** `retest`: the failed kube-ci check runs of the head commit, each entrypoint again. */
async function retest(request: CommentCommandRequest): Promise<CommentCommandResult> {
  const pr = await pullRequestOf(request);
  if (typeof pr === 'string') return await refuse(request, pr);
  const entrypoints = await act.failedEntrypointsOf({ request, sha: pr.headSha });
  if (entrypoints.length === 0) return await refuse(request, `no failed kube-ci check runs on ${pr.headSha}`);
  const runs: string[] = [];
  for (const [index, entrypoint] of entrypoints.entries()) {
    const trigger = commandRunTrigger(request, pr, entrypoint);
    runs.push((await act.startCommandRun({ trigger, runKey: commandRunKey(request, index) })).workflowId);
  }
  await act.reactToCommand({ request, reaction: 'rocket' });
  return { outcome: 'done', message: `re-running ${entrypoints.length} check run(s)`, runs };
}

/** `cancel`: every running run of the PR. */
async function cancel(request: CommentCommandRequest): Promise<CommentCommandResult> {
  if (!request.isPullRequest) return await refuse(request, 'cancel is only valid on PR comments');
  const { cancelled } = await act.cancelPullRequestRuns({ request });
  const message = cancelled.length === 0 ? 'no kube-ci runs were running' : `cancelled ${cancelled.length} run(s)`;
  await act.replyToCommand({ request, body: `@${request.sender} ${message}` });
  await act.reactToCommand({ request, reaction: '+1' });
  return { outcome: 'done', message, runs: cancelled };
}

/** `deploy <env> [template]` (G11): a GitHub Deployment of the head commit, and the run of its deploy template. */
async function deploy(
  request: CommentCommandRequest,
  environment: string,
  asked: string | undefined,
): Promise<CommentCommandResult> {
  const pr = await pullRequestOf(request);
  if (typeof pr === 'string') return await refuse(request, pr);
  const found = await act.deployTemplatesAt({ trigger: commandRunTrigger(request, pr, '') });
  if (found.kind === 'none') return await refuse(request, `cannot deploy ${pr.headSha}: ${found.reason}`);
  const chosen = chooseDeployTemplate(found.templates, asked);
  if (!chosen.ok) return await refuse(request, chosen.message);
  const task = chosen.template;
  const base = commandRunTrigger(request, pr, task);
  const { id } = await act.createCommandDeployment({ trigger: base, task, environment, key: request.key });
  const trigger = commandRunTrigger(request, pr, task, { id, task, environment });
  const { workflowId } = await act.startCommandRun({ trigger, runKey: `deployment-${id}` });
  await act.reactToCommand({ request, reaction: 'rocket' });
  return { outcome: 'done', message: `deployment ${id} of ${task} to ${environment}`, runs: [workflowId] };
}

/** `setup <template>` (G18): `.kube-ci/ci.yaml` from the template, on the PR's branch or the default branch. */
async function setup(request: CommentCommandRequest, template: string): Promise<CommentCommandResult> {
  const templates = await act.listSetupTemplates();
  if (!templates.some((t) => t.name === template)) return await refuse(request, `unknown template ${template}`);
  let branch: string;
  if (request.isPullRequest) {
    const pr = await pullRequestOf(request);
    if (typeof pr === 'string') return await refuse(request, pr);
    if (isCrossRepository(pr)) return await refuse(request, 'refusing to update cross-repo PR');
    branch = pr.headRef;
  } else branch = (await act.readRepository({ request })).defaultBranch;
  const at = { installationId: request.installationId, repo: request.repo, deliveryId: request.deliveryId };
  const { path, commitSha } = await act.writeSetupFile({
    at,
    template,
    branch,
    sender: request.sender,
    via: request.url,
  });
  const message = `wrote ${path} from template ${template} to ${branch} (${commitSha})`;
  await act.replyToCommand({ request, body: `@${request.sender} ${message}` });
  await act.reactToCommand({ request, reaction: '+1' });
  return { outcome: 'done', message };
}
