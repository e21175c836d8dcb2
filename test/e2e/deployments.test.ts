/**
 * GitHub Deployments end to end (SPEC B §14, G1 G9 G10): a real Temporal server, the real API and worker, the
 * fake GitHub and the Argo simulator. A deploy template on two environments, one of them production, makes two
 * deployments with one status per state change; a `deployment` webhook asking kube-ci to run reports to the
 * deployment that asked.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedFromWebhookPayload } from '../fakes/github';
import { examplePayload, postDelivery, signedDelivery } from '../support/webhook-delivery';
import { startProcess } from './child-processes';
import {
  deliverAccepted,
  deliverCheckSuite,
  owner,
  prepareCheckSuite,
  repo,
  runningArgoWorkflow,
  waitUntil,
} from './deliveries';
import { startStack, webhookSecret, type Stack } from './stack';
import { supersededBy } from './event-deliveries';

const releasePipeline = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ci-
  annotations:
    kube-ci.qutics.com/deployTemplates: "^release$"
spec:
  entrypoint: build
  templates:
    - name: build
      steps:
        - - name: compile
            template: compile
        - - name: release-staging
            template: release
            arguments:
              parameters: [{name: environment, value: staging}]
        - - name: release-production
            template: release
            arguments:
              parameters: [{name: environment, value: production}]
    - name: compile
      container: {image: alpine, command: [make]}
    - name: release
      inputs:
        parameters: [{name: environment}]
      container: {image: alpine, command: [echo, "{{inputs.parameters.environment}}"]}
`;

/** The staging deploy step first: with `holdRunning` it stays Running until the test releases it. */
const holdingRelease = releasePipeline.replace(/ {8}- - name: compile\n {12}template: compile\n/, '');

describe('GitHub Deployments, end to end', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    stack.github.reset();
    // slow enough that the follower sees every node Running before it finishes
    stack.argo.plan(() => ({ stepDelayMs: 400 }));
  });

  const deploymentsOn = (sha: string) => stack.github.deployments(owner, repo).filter((d) => d.sha === sha);
  const logUrl = (name: string, node: string) =>
    `http://argo.example/workflows/argo/${name}?nodeId=${node}&sidePanel=logs%3A${node}%3Amain&tab=workflow`;

  it('tracks a deploy template on two environments as two deployments, one status per state change', async () => {
    const { handle, sha } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': releasePipeline });
    const result = await handle.result();
    expect(result.outcome).toBe('success');
    const name = result.argoWorkflow!.name;
    const wf = stack.argoWorkflows().find((w) => w.metadata.name === name)!;
    const nodeOf = (environment: string) =>
      Object.values(wf.status!.nodes!).find((n) => n.displayName === `release-${environment}`)!.id;

    const made = deploymentsOn(sha).sort((a, b) => a.environment.localeCompare(b.environment));
    expect(made.map((d) => [d.environment, d.task, d.ref, d.productionEnvironment])).toEqual([
      ['production', 'release', sha, true],
      ['staging', 'release', sha, false],
    ]);
    for (const d of made) {
      const node = nodeOf(d.environment);
      expect(d.payload).toEqual({
        kube_ci: {
          run: false,
          create_deployment: false,
          ref_type: 'branch',
          ref_name: 'master',
          sha,
          argo_workflow: `argo/${name}`,
          argo_node: node,
        },
      });
      expect(d.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
      expect(d.statuses.map((s) => s.targetUrl)).toEqual([logUrl(name, node), logUrl(name, node)]);
      expect(d.statuses.at(-1)!.description).toBe(`deploying ${owner}/${repo} (release) to ${d.environment}: success`);
    }
    // per deploy step: look for an earlier one, create it, post in_progress, check the newest status, post success
    const calls = stack.github.requests.filter((r) => r.operationId?.includes('deployment'));
    const count = (operation: string) => calls.filter((r) => r.operationId === operation).length;
    expect(calls).toHaveLength(10);
    expect([
      count('repos/list-deployments'),
      count('repos/create-deployment'),
      count('repos/create-deployment-status'),
      count('repos/list-deployment-statuses'),
    ]).toEqual([2, 2, 4, 2]);
    // the deployment record's patches (the follower also marks which logs it read, in a patch of its own)
    const patches = stack.kube.requests.filter(
      (r) =>
        r.method === 'PATCH' &&
        r.path.endsWith(`/workflows/${name}`) &&
        JSON.stringify(r.body).includes('kube-ci.qutics.com/deployment-ids'),
    );
    expect(patches).toHaveLength(4);
    expect(JSON.parse(wf.metadata.annotations!['kube-ci.qutics.com/deployment-states']!)).toEqual({
      [nodeOf('staging')]: 'success',
      [nodeOf('production')]: 'success',
    });
    expect(stack.github.schemaViolations).toEqual([]);
  });

  let deploymentCount = 0;
  /** A `deployment.created` asking kube-ci to run `release` for `environment`, its commit and deployment seeded. */
  function askForDeployment(environment: string, sha = randomBytes(20).toString('hex'), task = 'release') {
    const payload = examplePayload('deployment', 'created', 1);
    const id = 700_000 + process.pid * 10 + deploymentCount++;
    Object.assign(payload['deployment'], {
      id,
      sha,
      ref: 'master',
      task,
      environment,
      payload: { kube_ci: { run: true } },
    });
    seedFromWebhookPayload(stack.github, payload, { '.kube-ci/ci.yaml': releasePipeline });
    return { payload, id, sha };
  }

  it('runs the task of a `deployment` webhook with kube_ci.run and reports to that deployment (G10)', async () => {
    const { payload, id, sha } = askForDeployment('staging');
    const delivery = await signedDelivery(webhookSecret, 'deployment', payload);
    const handle = await deliverAccepted(stack, delivery);
    expect(handle.workflowId).toContain(`/deployment-${id}`);
    const result = await handle.result();
    expect(result.outcome).toBe('success');

    const [checkRun, ...others] = stack.github.checkRuns(owner, repo).filter((c) => c.headSha === sha);
    expect(others).toEqual([]);
    expect(checkRun!.fields).toMatchObject({ name: 'Workflow - release (deployment)', conclusion: 'success' });
    const [asked, ...extra] = deploymentsOn(sha);
    expect(extra).toEqual([]);
    expect(asked!.id).toBe(id);
    const name = result.argoWorkflow!.name;
    expect(asked!.statuses.map((s) => [s.state, s.environment, s.targetUrl])).toEqual([
      ['in_progress', 'staging', logUrl(name, name)],
      ['success', 'staging', logUrl(name, name)],
    ]);

    // a redelivery finds the run that exists
    const again = await postDelivery(stack.apiUrl, await signedDelivery(webhookSecret, 'deployment', payload));
    expect(again.status).toBe(202);
    expect(JSON.parse(again.body)).toMatchObject({ workflowId: handle.workflowId, started: false });
    expect(stack.github.schemaViolations).toEqual([]);
  });

  it('two deployments of one task and branch to two environments run side by side: neither supersedes the other', async () => {
    stack.argo.plan(() => ({ holdRunning: true }));
    const sha = randomBytes(20).toString('hex');
    const staging = askForDeployment('staging', sha);
    const production = askForDeployment('production', sha);
    const first = await deliverAccepted(stack, await signedDelivery(webhookSecret, 'deployment', staging.payload));
    const firstName = await runningArgoWorkflow(stack, first);
    const second = await deliverAccepted(stack, await signedDelivery(webhookSecret, 'deployment', production.payload));
    const secondName = await runningArgoWorkflow(stack, second);
    // what the second run's cancelSupersededRuns did, from its history: the first run must not be in it
    expect(await supersededBy(second)).toEqual([]);
    expect((await first.describe()).status.name).toBe('RUNNING');
    stack.argo.finish('argo', firstName, 'Succeeded');
    stack.argo.finish('argo', secondName, 'Succeeded');
    expect((await first.result()).outcome).toBe('success');
    expect((await second.result()).outcome).toBe('success');
    const byId = new Map(deploymentsOn(sha).map((d) => [d.id, d.statuses.at(-1)?.state]));
    expect(byId).toEqual(
      new Map([
        [staging.id, 'success'],
        [production.id, 'success'],
      ]),
    );
  });

  it('a worker killed between creating the deployment and recording it: the next worker finds it, no duplicate', async () => {
    await stack.stopWorker();
    stack.argo.plan(() => ({ holdRunning: true, stepDelayMs: 400 }));
    const first = startProcess(stack, 'worker/main.ts');
    let second: ReturnType<typeof startProcess> | undefined;
    try {
      await first.waitForOutput(/kube-ci worker running/);
      const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': holdingRelease });
      const handle = await deliverAccepted(stack, delivery);
      const name = await runningArgoWorkflow(stack, handle);
      // every GitHub answer now takes a second: the kill lands after the create, before its status and record
      stack.github.setLatency(1000);
      await waitUntil(() => deploymentsOn(sha).length > 0, 30_000);
      await first.kill('SIGKILL');
      stack.github.setLatency(0);
      const wf = stack.argoWorkflows().find((w) => w.metadata.name === name)!;
      expect(wf.metadata.annotations?.['kube-ci.qutics.com/deployment-ids']).toBeUndefined();
      expect(deploymentsOn(sha)[0]!.statuses).toEqual([]);

      second = startProcess(stack, 'worker/main.ts');
      await second.waitForOutput(/kube-ci worker running/);
      await waitUntil(() => deploymentsOn(sha)[0]!.statuses.length > 0, 60_000);
      stack.argo.finish('argo', name, 'Succeeded');
      expect((await handle.result()).outcome).toBe('success');
      const staging = deploymentsOn(sha).filter((d) => d.environment === 'staging');
      expect(staging.map((d) => d.statuses.map((st) => st.state))).toEqual([['in_progress', 'success']]);
      expect(deploymentsOn(sha).filter((d) => d.environment === 'production')).toHaveLength(1);
    } finally {
      stack.github.setLatency(0);
      await first.kill('SIGKILL');
      await second?.kill('SIGTERM');
      await stack.startWorker();
    }
  }, 150_000);

  it('tells the deployment `error` when its run cannot start (the task is no deploy template)', async () => {
    const { payload, id, sha } = askForDeployment('staging', undefined, 'compile');
    const handle = await deliverAccepted(stack, await signedDelivery(webhookSecret, 'deployment', payload));
    expect((await handle.result()).outcome).toBe('invalid-pipeline');
    const [checkRun] = stack.github.checkRuns(owner, repo).filter((c) => c.headSha === sha);
    expect(checkRun!.fields).toMatchObject({ name: 'Default Workflow', conclusion: 'failure' });
    const [asked, ...extra] = deploymentsOn(sha);
    expect(extra).toEqual([]);
    expect(asked!.id).toBe(id);
    expect(asked!.statuses.map((st) => [st.state, st.environment])).toEqual([['error', 'staging']]);
    expect(asked!.statuses[0]!.description).toMatch(
      /^kube-ci could not run compile: error finding workflow endpoint, /,
    );
    expect(asked!.statuses[0]!.description.length).toBeLessThanOrEqual(140);
    const runUrl = `http://temporal-ui.example/namespaces/default/workflows/${encodeURIComponent(handle.workflowId)}`;
    expect(asked!.statuses[0]!.targetUrl).toBe(runUrl);
    expect(stack.github.schemaViolations).toEqual([]);
  });

  it('answers a deployment without kube_ci.run with the original’s text and starts nothing', async () => {
    const payload = examplePayload('deployment', 'created', 1);
    seedFromWebhookPayload(stack.github, payload);
    const res = await postDelivery(stack.apiUrl, await signedDelivery(webhookSecret, 'deployment', payload));
    expect(res).toEqual({ status: 200, body: 'ignored: Ignored, set kube-ci.run to launch a CI task\n' });
  });
});
