import { ApplicationFailure } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubGateway } from '../../../activities/github/octokit-gateway';
import type { GitHubGateway, InstallationRepo } from '../../../activities/github/gateway';
import { Failure } from '../../../domain/failures';
import { startFakeGitHub, type FakeGitHub } from '../../fakes/github';

const at: InstallationRepo = { installationId: 8, repo: { owner: 'acme', name: 'site' }, deliveryId: 'delivery-2' };
let fake: FakeGitHub;
let gateway: GitHubGateway;
let sha: string;

beforeAll(async () => {
  fake = await startFakeGitHub({ appId: 98 });
});
afterAll(() => fake.close());

beforeEach(() => {
  fake.addInstallation({ id: 8, account: { login: 'acme', type: 'Organization' } });
  fake.addRepository({ owner: 'acme', name: 'site', ownerType: 'Organization' });
  sha = fake.addCommit('acme', 'site', { files: { 'README.md': '# site\n' } });
  fake.reset();
  gateway = createGitHubGateway({ appId: fake.appId, privateKey: fake.privateKey, baseUrl: fake.url });
});
afterEach(() => {
  expect(fake.schemaViolations).toEqual([]);
});

const release = (environment: string) => ({
  ref: sha,
  task: 'release',
  environment,
  description: `deploying acme/site (release) to ${environment}`,
  productionEnvironment: environment === 'production',
  payload: { kube_ci: { run: false, argo_node: `wf-${environment}` } },
});

describe('GitHubGateway deployments', () => {
  it('creates a deployment with no auto-merge and no required contexts, as SPEC B 14.3 says', async () => {
    const made = await gateway.createDeployment(at, release('staging'));
    expect(made).toMatchObject({ sha, task: 'release', environment: 'staging', payload: release('staging').payload });
    const request = fake.requests.find((r) => r.operationId === 'repos/create-deployment')!;
    expect(request.body).toEqual({
      ref: sha,
      task: 'release',
      environment: 'staging',
      description: 'deploying acme/site (release) to staging',
      production_environment: false,
      payload: release('staging').payload,
      auto_merge: false,
      required_contexts: [],
    });
    expect(request.headers.authorization).toMatch(/^token ghs_/);
    expect(request.headers['x-github-delivery']).toBe('delivery-2');
  });

  it('lists a commit’s deployments for one task and environment, across pages', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 105; i++) ids.push((await gateway.createDeployment(at, release('qa'))).id);
    await gateway.createDeployment(at, release('production'));
    fake.reset();
    const listed = await gateway.listDeployments(at, { sha, task: 'release', environment: 'qa' });
    expect(listed.map((d) => d.id).sort((a, b) => a - b)).toEqual(ids);
    expect(fake.requests.filter((r) => r.operationId === 'repos/list-deployments')).toHaveLength(2);
  });

  it('posts a status with log_url and auto_inactive, and lists every status', async () => {
    const { id } = await gateway.createDeployment(at, release('staging'));
    const logUrl = 'http://argo.example/workflows/argo/wf?nodeId=wf-1&sidePanel=logs%3Awf-1%3Amain&tab=workflow';
    const params = { logUrl, description: 'deploying', environment: 'staging', autoInactive: true };
    const first = await gateway.createDeploymentStatus(at, id, { state: 'in_progress', ...params });
    const second = await gateway.createDeploymentStatus(at, id, { state: 'success', ...params });
    expect(first.state).toBe('in_progress');
    const request = fake.requests.filter((r) => r.operationId === 'repos/create-deployment-status').at(-1)!;
    expect(request.body).toEqual({
      state: 'success',
      log_url: logUrl,
      description: 'deploying',
      environment: 'staging',
      auto_inactive: true,
    });
    expect(await gateway.listDeploymentStatuses(at, id)).toEqual([
      { id: second.id, state: 'success' },
      { id: first.id, state: 'in_progress' },
    ]);
  });

  it('refuses a status description over GitHub’s 140 characters as a validation failure', async () => {
    const { id } = await gateway.createDeployment(at, release('staging'));
    const params = { logUrl: '', description: 'x'.repeat(141), environment: 'staging', autoInactive: true };
    await expect(gateway.createDeploymentStatus(at, id, { state: 'success', ...params })).rejects.toMatchObject({
      type: Failure.GitHubValidationFailed,
    });
  });

  it('auto_inactive retires the environment’s earlier successful deployment, never a production one', async () => {
    const params = { logUrl: 'http://argo.example/workflows/argo/wf', description: 'd', autoInactive: true };
    const older = await gateway.createDeployment(at, release('staging'));
    const prod = await gateway.createDeployment(at, release('production'));
    await gateway.createDeploymentStatus(at, older.id, { state: 'success', environment: 'staging', ...params });
    await gateway.createDeploymentStatus(at, prod.id, { state: 'success', environment: 'production', ...params });
    const newer = await gateway.createDeployment(at, release('staging'));
    const newerProd = await gateway.createDeployment(at, release('production'));
    await gateway.createDeploymentStatus(at, newer.id, { state: 'success', environment: 'staging', ...params });
    await gateway.createDeploymentStatus(at, newerProd.id, { state: 'success', environment: 'production', ...params });
    const latest = async (id: number) => (await gateway.listDeploymentStatuses(at, id))[0]!.state;
    expect(await latest(older.id)).toBe('inactive');
    expect(await latest(prod.id)).toBe('success');
    expect(await latest(newer.id)).toBe('success');
  });

  it('classifies a missing Deployments permission as a non-retryable permission failure', async () => {
    fake.addInstallation({ id: 8, account: { login: 'acme', type: 'Organization' }, permissions: { checks: 'write' } });
    const error = await gateway.createDeployment(at, release('staging')).then(
      () => expect.fail('expected a failure'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: Failure.GitHubPermissionDenied, nonRetryable: true });
  });

  it('keeps a 5xx retryable', async () => {
    fake.injectFault({ method: 'POST', path: /\/deployments$/, status: 502, times: 1 });
    const error = await gateway.createDeployment(at, release('staging')).then(
      () => expect.fail('expected a failure'),
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ status: 502 });
  });
});
