/**
 * syncDeployments against the real Octokit and client-node over the fake GitHub and Kubernetes: what it posts,
 * what it records on the Argo Workflow, and that retries, stale watch events and crashes between GitHub's answer
 * and the record post nothing twice.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncDeployments } from '../../../activities/deployments/sync-deployments';
import type { ActivityDeps } from '../../../activities/deps';
import { createGitHubGateway } from '../../../activities/github/octokit-gateway';
import { createKubeGateway } from '../../../activities/kubernetes/client-gateway';
import type { ArgoNode, ArgoWorkflow, CiTrigger } from '../../../domain/types';
import { settingsWith, triggerWith } from '../../domain/fixtures';
import { startFakeGitHub, type FakeGitHub } from '../../fakes/github';
import { startFakeKube, type FakeKube } from '../../fakes/kube/fake-kube';
import { kubeConfigForFake } from '../../fakes/kube/kubeconfig';
import type { KubeObject } from '../../fakes/kube/store';

const OWNER = 'acme';
const REPO = 'shop';
let github: FakeGitHub;
let kube: FakeKube;
let deps: ActivityDeps;
let trigger: CiTrigger;
let sequence = 0;
let name = '';

beforeAll(async () => {
  github = await startFakeGitHub({ appId: 97 });
  kube = await startFakeKube();
});
afterAll(async () => {
  await github?.close();
  await kube?.close();
});

beforeEach(async () => {
  github.addInstallation({ id: 9, account: OWNER });
  github.addRepository({ owner: OWNER, name: REPO });
  const sha = github.addCommit(OWNER, REPO, { files: { 'README.md': 'x' } });
  trigger = triggerWith({ installationId: 9, repo: { owner: OWNER, name: REPO }, sha, ref: 'main' });
  deps = {
    github: createGitHubGateway({ appId: github.appId, privateKey: github.privateKey, baseUrl: github.url }),
    kube: createKubeGateway(kubeConfigForFake(kube)),
    settings: settingsWith({ deployTemplates: '^deploy$', argoUiBase: 'http://argo.example' }),
  } as unknown as ActivityDeps;
  sequence += 1;
  name = `shop-${sequence}`;
  const workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'argo', labels: { managedBy: 'kube-ci' } },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine' } }] },
  };
  await deps.kube.createWorkflow('argo', workflow as ArgoWorkflow);
  github.reset();
});
afterEach(() => {
  expect(github.schemaViolations).toEqual([]);
});

const env = new MockActivityEnvironment();
const sync = (seen: ArgoWorkflow, by: CiTrigger = trigger) => env.run(() => syncDeployments(deps, by, seen));

/** Sets the deploy nodes' phases (environment → phase) on the stored workflow, as Argo would; returns it. */
function argoSets(phases: Record<string, string>): ArgoWorkflow {
  const stored = kube.store.get('workflows', 'argo', name)!;
  const nodes: Record<string, ArgoNode> = {};
  for (const [environment, phase] of Object.entries(phases)) {
    const id = `${name}-${environment}`;
    nodes[id] = {
      id,
      name: `${name}.${environment}`,
      type: 'Pod',
      templateName: 'deploy',
      phase,
      inputs: { parameters: [{ name: 'environment', value: environment }] },
    };
  }
  stored.status = { phase: 'Running', nodes };
  return kube.store.replace('workflows', stored as KubeObject) as unknown as ArgoWorkflow;
}

const deployments = () => github.deployments(OWNER, REPO).filter((d) => d.sha === trigger.sha);
const states = (environment: string) =>
  deployments()
    .filter((d) => d.environment === environment)
    .map((d) => d.statuses.map((s) => s.state));
const recorded = () => kube.store.get('workflows', 'argo', name)!.metadata.annotations ?? {};

describe('syncDeployments', () => {
  it('creates a deployment per deploy node, posts its state and records both on the Argo Workflow', async () => {
    await sync(argoSets({ staging: 'Running', production: 'Running' }));
    expect(states('staging')).toEqual([['in_progress']]);
    expect(states('production')).toEqual([['in_progress']]);
    expect(deployments().find((d) => d.environment === 'production')!.productionEnvironment).toBe(true);
    const ids = JSON.parse(recorded()['kube-ci.qutics.com/deployment-ids']!) as Record<string, number>;
    expect(Object.keys(ids).sort()).toEqual([`${name}-production`, `${name}-staging`]);
    expect(JSON.parse(recorded()['kube-ci.qutics.com/deployment-states']!)).toEqual({
      [`${name}-production`]: 'in_progress',
      [`${name}-staging`]: 'in_progress',
    });
  });

  it('G9: the same state again makes no request at all; a new state is posted once', async () => {
    await sync(argoSets({ staging: 'Running' }));
    github.reset();
    await sync(kube.store.get('workflows', 'argo', name) as unknown as ArgoWorkflow);
    expect(github.requests).toEqual([]);
    const done = argoSets({ staging: 'Succeeded' });
    await sync(done);
    await sync(done);
    expect(states('staging')).toEqual([['in_progress', 'success']]);
  });

  it('posts nothing for a watch event older than its last record (it re-reads the object first)', async () => {
    const stale = argoSets({ staging: 'Running' });
    await sync(stale);
    github.reset();
    await sync(stale);
    expect(github.requests).toEqual([]);
    expect(deployments()).toHaveLength(1);
  });

  it('after a crash between GitHub’s answer and the record, finds the deployment and status instead of repeating them', async () => {
    const running = argoSets({ staging: 'Running' });
    kube.injectFault({ method: 'PATCH', path: `/workflows/${name}`, status: 500, times: 1 });
    await expect(sync(running)).rejects.toThrow();
    expect(recorded()['kube-ci.qutics.com/deployment-ids']).toBeUndefined();
    await sync(running);
    expect(states('staging')).toEqual([['in_progress']]);
    const ids = JSON.parse(recorded()['kube-ci.qutics.com/deployment-ids']!) as Record<string, number>;
    expect(ids[`${name}-staging`]).toBe(deployments()[0]!.id);
  });

  it('records what was done before a transient GitHub error, and the retry completes the rest', async () => {
    const running = argoSets({ production: 'Running', staging: 'Running' });
    github.injectFault({ method: 'POST', path: /\/statuses$/, status: 502, times: 1 });
    await expect(sync(running)).rejects.toThrow();
    await sync(running);
    expect(states('production')).toEqual([['in_progress']]);
    expect(states('staging')).toEqual([['in_progress']]);
  });

  it('G10: a deployment-triggered run reports to its own deployment and creates none', async () => {
    const { id } = await deps.github.createDeployment(
      { installationId: 9, repo: trigger.repo },
      {
        ref: trigger.sha,
        task: 'deploy',
        environment: 'staging',
        description: 'asked by a person',
        productionEnvironment: false,
        payload: { kube_ci: { run: true } },
      },
    );
    const asked = {
      ...trigger,
      source: 'deployment' as const,
      deployment: { id, task: 'deploy', environment: 'staging' },
    };
    await sync(argoSets({ staging: 'Running' }), asked);
    await sync(argoSets({ staging: 'Failed' }), asked);
    expect(deployments().map((d) => [d.id, d.statuses.map((s) => s.state)])).toEqual([
      [id, ['in_progress', 'failure']],
    ]);
  });

  it('does not fail or retry forever when the App may not write deployments; the next state tries again', async () => {
    github.addInstallation({ id: 9, account: OWNER, permissions: { checks: 'write', contents: 'read' } });
    deps = {
      ...deps,
      github: createGitHubGateway({ appId: github.appId, privateKey: github.privateKey, baseUrl: github.url }),
    };
    await sync(argoSets({ staging: 'Running' }));
    expect(deployments()).toEqual([]);
    github.reset();
    await sync(kube.store.get('workflows', 'argo', name) as unknown as ArgoWorkflow);
    expect(github.requests).toEqual([]);
    await sync(argoSets({ staging: 'Succeeded' }));
    expect(github.requests.filter((r) => r.status === 403).length).toBeGreaterThan(0);
    github.addInstallation({ id: 9, account: OWNER });
  });
});
