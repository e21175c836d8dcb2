/**
 * slackCommandWorkflow — one Slack slash command (SPEC B §16, G19): `/ci-build org/repo [branch]`,
 * `/ci-deploy org/repo environment [branch]`, `/ci-setup org/repo template [branch]`. The API has verified the
 * request with Slack's signing secret and the sender against the allowed users and channels; this workflow finds
 * the App's installation on the owner, resolves the branch (default: the default branch) to its commit, starts the
 * run (an explicit `slash_command` run, as `/kube-ci run`) or deployment, or writes the setup file, and posts the
 * outcome with the runs' links to the command's `response_url`. Started under `slack/<owner>/<repo>/<key>`, keyed on
 * the signed body, so a replayed request does nothing again. First version, no patches.
 */
import { chooseDeployTemplate } from '../domain/command-trigger';
import type { SlackCommandRequest } from '../domain/slack-command';
import type { CiTrigger } from '../domain/types';
import { commandActivities as act } from './activity-proxies';
import { failureMessage, isCancellation } from './failures';

export interface SlackCommandInput {
  request: SlackCommandRequest;
}

export interface SlackCommandResult {
  outcome: 'done' | 'refused' | 'failed';
  message: string;
  runs?: string[];
}

export async function slackCommandWorkflow({ request }: SlackCommandInput): Promise<SlackCommandResult> {
  const answer = async (result: SlackCommandResult): Promise<SlackCommandResult> => {
    await act.respondToSlack({
      responseUrl: request.responseUrl,
      text: result.message,
      ...(result.runs ? { runs: result.runs } : {}),
    });
    return result;
  };
  try {
    return await answer(await carryOut(request));
  } catch (err) {
    if (isCancellation(err)) throw err;
    return await answer({ outcome: 'failed', message: `the command failed: ${failureMessage(err)}` });
  }
}

async function carryOut(request: SlackCommandRequest): Promise<SlackCommandResult> {
  const { command } = request;
  const { repo } = command;
  const name = `${repo.owner}/${repo.name}`;
  const installationId = await act.findInstallationOf({ repo });
  if (installationId === null) return { outcome: 'refused', message: `kube-ci is not installed on ${name}` };
  const at = { installationId, repo };
  const wanted = command.kind === 'setup' ? command.branch : command.ref;
  const branch = wanted || (await act.readRepositoryAt(at)).defaultBranch;
  if (command.kind === 'setup') {
    const templates = await act.listSetupTemplates();
    if (!templates.some((t) => t.name === command.template))
      return { outcome: 'refused', message: `unknown template ${command.template}` };
    const setup = { at, template: command.template, branch, sender: `${request.userName} (Slack)`, via: 'Slack' };
    const { path, commitSha } = await act.writeSetupFile(setup);
    return { outcome: 'done', message: `wrote ${path} to ${name}@${branch} (${commitSha})` };
  }
  const sha = await act.branchHead({ ...at, branch });
  if (sha === null) return { outcome: 'refused', message: `${name} has no branch ${branch}` };
  const trigger: CiTrigger = {
    source: 'slash_command',
    installationId,
    repo,
    sha,
    ref: branch,
    refType: 'branch',
    entrypoint: '',
    pullRequests: [],
    deliveryId: request.key,
    sender: `slack:${request.userName}`,
  };
  if (command.kind === 'build') {
    const { workflowId } = await act.startCommandRun({ trigger, runKey: request.key });
    return { outcome: 'done', message: `building ${name}@${branch} (${sha})`, runs: [workflowId] };
  }
  const found = await act.deployTemplatesAt({ trigger });
  if (found.kind === 'none') return { outcome: 'refused', message: `cannot deploy ${name}@${branch}: ${found.reason}` };
  const chosen = chooseDeployTemplate(found.templates, undefined);
  if (!chosen.ok) return { outcome: 'refused', message: chosen.message };
  const task = chosen.template;
  const { environment } = command;
  const base = { ...trigger, entrypoint: task };
  const { id } = await act.createCommandDeployment({ trigger: base, task, environment, key: request.key });
  const run = { ...base, deployment: { id, task, environment } };
  const { workflowId } = await act.startCommandRun({ trigger: run, runKey: `deployment-${id}` });
  return { outcome: 'done', message: `deploying ${name}@${branch} (${task}) to ${environment}`, runs: [workflowId] };
}
