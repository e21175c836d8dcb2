/**
 * Slack slash commands end to end (SPEC B §16, G19): requests signed as Slack signs them, verified by the real API
 * (`@slack/bolt`'s verifier), handed to `slackCommandWorkflow` on a real Temporal server and worker, against the
 * fake GitHub and the Argo simulator; answers posted to a loopback `response_url`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFromWebhookPayload } from '../fakes/github';
import { SlackResponses, signedSlashCommand, type SlashCommand } from '../fakes/slack/slack';
import { examplePayload } from '../support/webhook-delivery';
import { checkRunsFor, owner, repo, waitUntil } from './deliveries';
import { buildAndTest } from './pipelines';
import { startStack, type Stack } from './stack';
import type { CiRunResult } from '../../workflows/ci-run.messages';
import type { SlackCommandResult } from '../../workflows/slack-command';

const signingSecret = 'slack-signing-secret';
const templateFile = join(mkdtempSync(join(tmpdir(), 'kube-ci-slack-')), 'go.yaml');
writeFileSync(templateFile, buildAndTest);

describe('Slack commands, end to end', () => {
  let stack: Stack;
  const responses = new SlackResponses();
  let responseBase = '';
  let calls = 0;
  beforeAll(async () => {
    responseBase = await responses.start();
    stack = await startStack({
      slack: { signingSecret, users: ['U-ALLOWED'], channels: ['C-CI'] },
      commands: { authorisedOrgs: [], templates: { go: { description: 'Go', ci: templateFile } } },
    });
    seedFromWebhookPayload(stack.github, { ...examplePayload('issue_comment', 'created'), installation: { id: 1 } });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await responses.close();
  });

  async function send(command: Omit<SlashCommand, 'responseUrl'>, secret = signingSecret, route = '/slack/commands') {
    const path = `/commands/${++calls}`;
    const signed = signedSlashCommand(secret, { ...command, responseUrl: `${responseBase}${path}` });
    const res = await fetch(`${stack.apiUrl}${route}`, { method: 'POST', ...signed });
    return { status: res.status, text: await res.text(), path };
  }
  const workflowIdOf = (text: string) => /\|([^>]+)>/.exec((JSON.parse(text) as { text: string }).text)![1]!;
  const slackRuns = async () => {
    const ids: string[] = [];
    for await (const run of stack.client.workflow.list({ query: `WorkflowType = 'slackCommandWorkflow'` }))
      ids.push(run.workflowId);
    return ids;
  };

  it('/ci-build from an allowed user builds the branch head and answers with the run’s link', async () => {
    const sha = stack.github.addCommit(owner, repo, {
      branch: 'slack/build',
      files: { '.kube-ci/ci.yaml': buildAndTest },
    });
    const answer = await send({
      command: '/ci-build',
      text: `${owner}/${repo}  slack/build`,
      userId: 'U-ALLOWED',
      channelId: 'C-OTHER',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('accepted'),
    });
    const handle = stack.client.workflow.getHandle(workflowIdOf(answer.text));
    const result = (await handle.result()) as SlackCommandResult;
    expect(result).toMatchObject({ outcome: 'done', message: `building ${owner}/${repo}@slack/build (${sha})` });
    expect(((await stack.client.workflow.getHandle(result.runs![0]!).result()) as CiRunResult).outcome).toBe('success');
    expect(checkRunsFor(stack, sha).map((c) => c.fields.conclusion)).toEqual(['success']);
    await waitUntil(() => responses.on(answer.path).length === 1);
    const [posted] = responses.on(answer.path);
    expect(posted!.text).toContain('building');
    expect(posted!.text).toContain(
      `http://temporal-ui.example/namespaces/default/workflows/${encodeURIComponent(result.runs![0]!)}`,
    );
  });

  it('refuses a wrong signature (401) and a user outside the allowed users and channels, starting nothing', async () => {
    const before = (await slackRuns()).length;
    const command = { command: '/ci-build', text: `${owner}/${repo}`, userId: 'U-ALLOWED', channelId: 'C-CI' };
    const forged = await send(command, 'not-the-secret');
    expect(forged.status).toBe(401);
    const stranger = await send({ ...command, userId: 'U-STRANGER', channelId: 'C-OTHER' });
    expect(stranger.status).toBe(200);
    expect(JSON.parse(stranger.text).text).toMatch(/not allowed/);
    const usage = await send({ ...command, text: 'no-slash' });
    expect(JSON.parse(usage.text).text).toBe('need org/repo argument; usage: /ci-build org/repo [branch]');
    expect((await slackRuns()).length).toBe(before);
  });

  it('/ci-setup from anyone in an allowed channel writes .kube-ci/ci.yaml to the branch', async () => {
    stack.github.addCommit(owner, repo, { branch: 'slack/setup', files: { 'README.md': 'hi\n' } });
    const answer = await send({
      command: '/ci-setup',
      text: `${owner}/${repo} go slack/setup`,
      userId: 'U-SOMEONE',
      channelId: 'C-CI',
    });
    const result = (await stack.client.workflow.getHandle(workflowIdOf(answer.text)).result()) as SlackCommandResult;
    expect(result.outcome).toBe('done');
    const commit = stack.github.state.resolveCommit(stack.github.state.repo(owner, repo)!, 'slack/setup')!;
    expect(commit.files.get('.kube-ci/ci.yaml')).toBe(buildAndTest);
    expect(commit.message).toBe('kube-ci configured by name-of-U-SOMEONE (Slack) via Slack');
  });

  it("/ci-deploy, on the original's /webhooks/slack/cmd, creates a deployment of the branch head and runs its deploy template", async () => {
    const pipeline = buildAndTest
      .replace('  annotations:\n', '  annotations:\n    kube-ci.qutics.com/deployTemplates: "^release$"\n')
      .concat(
        '    - name: release\n      inputs:\n        parameters: [{name: environment}]\n',
        '      container: {image: alpine, command: [echo, "{{inputs.parameters.environment}}"]}\n',
      );
    const sha = stack.github.addCommit(owner, repo, {
      branch: 'slack/deploy',
      files: { '.kube-ci/ci.yaml': pipeline },
    });
    // sent to the original's path: a Slack App configured for the Go kube-ci keeps working
    const answer = await send(
      { command: '/ci-deploy', text: `${owner}/${repo} staging slack/deploy`, userId: 'U-ALLOWED', channelId: 'C-CI' },
      signingSecret,
      '/webhooks/slack/cmd',
    );
    const result = (await stack.client.workflow.getHandle(workflowIdOf(answer.text)).result()) as SlackCommandResult;
    expect(result.outcome).toBe('done');
    const [deployment] = stack.github.deployments(owner, repo).filter((d) => d.sha === sha);
    expect(deployment).toMatchObject({ task: 'release', environment: 'staging', productionEnvironment: false });
    expect(((await stack.client.workflow.getHandle(result.runs![0]!).result()) as CiRunResult).outcome).toBe('success');
    expect(checkRunsFor(stack, sha).map((c) => c.fields.name)).toEqual(['Workflow - release (deployment)']);
    expect(stack.github.schemaViolations).toEqual([]);
  });
});
