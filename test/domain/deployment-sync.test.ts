/**
 * SPEC B §21 A15–A18 (TestCreateWorkflow — deployments) on the original's fixture, adapted: the record of
 * what was posted lives in two annotations (`deployment-ids`, the original's, and the new `deployment-states`),
 * the deployment's ref is the commit sha, and A17/A18's "published=true → reset the check run and
 * deployment-ids" machinery does not exist here: a re-run is a new Temporal run with a new Argo Workflow
 * (its name is salted with the run's workflow id), which starts with no record and gets new deployments.
 */
import { describe, expect, it } from 'vitest';
import { deploymentRecordPatch, readDeploymentRecord, type DeploymentRecord } from '../../domain/deployment-record';
import { nodeLogUrl } from '../../domain/argo-ui-url';
import { isDeploymentFor, planDeploymentSync, type DeploymentSyncInput } from '../../domain/deployment-sync';
import type { ArgoNode, ArgoWorkflow } from '../../domain/types';
import { settingsWith } from './fixtures';

const SHA = '50dbe643ba1ffb5f4a2a9bc3e8e5e3c0e8f7a6b1';
const settings = settingsWith({
  deployTemplates: '^release$',
  productionEnvironments: '^production$',
  environmentParameter: 'env',
  argoUiBase: 'http://example.com/ui',
});

const env = (value: string) => ({ parameters: [{ name: 'env', value }] });

/** The original's fixture nodes: Pod wf-1 (release, env=staging, Failed), a Skipped wf-4, Steps and StepGroup. */
function fixtureNodes(): Record<string, ArgoNode> {
  return {
    wf: { id: 'wf', name: 'wf', type: 'Steps', templateName: 'build', phase: 'Running' },
    'wf-2': { id: 'wf-2', name: 'wf[1]', type: 'StepGroup', templateName: 'build', phase: 'Running' },
    'wf-1': {
      id: 'wf-1',
      name: 'wf[1].release-staging',
      type: 'Pod',
      templateName: 'release',
      phase: 'Failed',
      message: 'Error (exit code 2)',
      inputs: env('staging'),
    },
    'wf-4': { id: 'wf-4', name: 'wf[2].release', type: 'Skipped', templateName: 'release', phase: 'Skipped' },
  };
}

function workflow(annotations: Record<string, string> = {}, name = 'wf'): ArgoWorkflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default', annotations },
    spec: { entrypoint: 'build' },
    status: { phase: 'Running' },
  };
}

const record = (ids: Record<string, number> = {}, states: DeploymentRecord['states'] = {}): DeploymentRecord => ({
  ids,
  states,
});

function plan(overrides: Partial<DeploymentSyncInput> = {}) {
  return planDeploymentSync({
    workflow: workflow(),
    nodes: fixtureNodes(),
    record: record(),
    settings,
    run: { repo: { owner: 'qubitdigital', name: 'qubit-grafana' }, sha: SHA, ref: 'testdeploy', refType: 'branch' },
    maxDeployments: 50,
    ...overrides,
  });
}

const A15_STATUS = {
  state: 'failure',
  logUrl: 'http://example.com/ui/workflows/default/wf?nodeId=wf-1&sidePanel=logs%3Awf-1%3Amain&tab=workflow',
  description: 'deploying qubitdigital/qubit-grafana (release) to staging: failure',
  environment: 'staging',
  autoInactive: true,
};

describe('planDeploymentSync (SPEC B 14.2, A15–A18)', () => {
  it('A15: a recorded deployment gets exactly one status; the skipped node is ignored; nothing is created', () => {
    expect(plan({ record: record({ 'wf-1': 1 }) })).toEqual({
      steps: [{ nodeId: 'wf-1', deploymentId: 1, status: A15_STATUS }],
      warnings: [],
    });
  });

  it('A16: an unrecorded deploy node gets a deployment made on demand (ref: the commit sha), then the A15 status', () => {
    const { steps } = plan();
    expect(steps).toEqual([
      {
        nodeId: 'wf-1',
        create: {
          ref: SHA,
          task: 'release',
          environment: 'staging',
          description: 'deploying qubitdigital/qubit-grafana (release) to staging',
          productionEnvironment: false,
          payload: {
            kube_ci: {
              run: false,
              create_deployment: false,
              ref_type: 'branch',
              ref_name: 'testdeploy',
              sha: SHA,
              argo_workflow: 'default/wf',
              argo_node: 'wf-1',
            },
          },
        },
        status: A15_STATUS,
      },
    ]);
  });

  it('A17/A18: the Argo Workflow of a re-run starts with no record, so its node gets a new deployment', () => {
    const rerun = plan({ workflow: workflow({}, 'wf-rerun') });
    expect(rerun.steps[0]).toMatchObject({ create: { payload: { kube_ci: { argo_workflow: 'default/wf-rerun' } } } });
    expect(rerun.steps[0]!.status.logUrl).toContain('/workflows/default/wf-rerun?nodeId=wf-1');
  });

  it('G9: a state already posted for a node is not posted again; a new state is', () => {
    expect(plan({ record: record({ 'wf-1': 1 }, { 'wf-1': 'failure' }) }).steps).toEqual([]);
    const running = fixtureNodes();
    running['wf-1']!.phase = 'Running';
    const steps = plan({ nodes: running, record: record({ 'wf-1': 1 }, { 'wf-1': 'failure' }) }).steps;
    expect(steps.map((s) => s.status.state)).toEqual(['in_progress']);
  });

  it.each([
    ['Running', 'in_progress'],
    ['Succeeded', 'success'],
    ['Failed', 'failure'],
    ['Error', 'error'],
    ['Pending', undefined],
    ['Omitted', undefined],
    ['Skipped', undefined],
  ])('maps node phase %s to deployment state %s', (phase, state) => {
    const nodes = fixtureNodes();
    nodes['wf-1']!.phase = phase;
    expect(plan({ nodes }).steps.map((s) => s.status.state)).toEqual(state ? [state] : []);
  });

  it('G1: production_environment follows productionEnvironments, not deployTemplates', () => {
    const nodes = fixtureNodes();
    nodes['wf-5'] = { ...nodes['wf-1']!, id: 'wf-5', name: 'wf[1].release-production', inputs: env('production') };
    const byEnv = Object.fromEntries(plan({ nodes }).steps.map((s) => [s.create!.environment, s.create!]));
    expect(byEnv['production']!.productionEnvironment).toBe(true);
    expect(byEnv['staging']!.productionEnvironment).toBe(false);
    const prodLike = plan({ nodes, settings: { ...settings, productionEnvironments: '^(production|staging)$' } });
    expect(prodLike.steps.every((s) => s.create!.productionEnvironment)).toBe(true);
  });

  it('G10: the node of a deployment-triggered run reports to the deployment that asked, creating none', () => {
    const asked = { id: 77, task: 'release', environment: 'staging' };
    const run = {
      repo: { owner: 'o', name: 'r' },
      sha: SHA,
      ref: 'main',
      refType: 'branch' as const,
      deployment: asked,
    };
    expect(plan({ run }).steps).toEqual([expect.objectContaining({ nodeId: 'wf-1', deploymentId: 77 })]);
    expect(plan({ run }).steps[0]!.create).toBeUndefined();
    const elsewhere = { ...run, deployment: { ...asked, environment: 'production' } };
    expect(plan({ run: elsewhere }).steps[0]!.create).toBeDefined();
  });

  it('G3: a bad deployTemplates annotation is a warning, and the config regex is used', () => {
    const result = plan({ workflow: workflow({ 'kube-ci.qutics.com/deployTemplates': '(' }) });
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^ignoring bad deploy template regexp in annotation kube-ci\.qutics\.com\/deployTemplates, /,
      ),
    ]);
    expect(result.steps).toHaveLength(1);
  });

  it('uses a good deployTemplates annotation over the config', () => {
    const nodes = fixtureNodes();
    nodes['wf-1']!.templateName = 'ship';
    expect(plan({ nodes }).steps).toEqual([]);
    const annotated = plan({ nodes, workflow: workflow({ 'kube-ci.qutics.com/deployTemplates': '^ship$' }) });
    expect(annotated.steps.map((s) => s.create!.task)).toEqual(['ship']);
  });

  it('skips a deploy node without the environment parameter, with a warning', () => {
    const nodes = fixtureNodes();
    delete nodes['wf-1']!.inputs;
    expect(plan({ nodes })).toEqual({
      steps: [],
      warnings: ['deploy step wf[1].release-staging (release) has no input parameter env: not tracked as a deployment'],
    });
  });

  it('does not count StepGroups or the retried Pods under a Retry node as deployments of their own', () => {
    const nodes: Record<string, ArgoNode> = {
      r: { id: 'r', name: 'wf.deploy', type: 'Retry', templateName: 'release', phase: 'Running', children: ['p1'] },
      p1: { id: 'p1', name: 'wf.deploy(0)', type: 'Pod', templateName: 'release', phase: 'Failed', inputs: env('qa') },
      g: { id: 'g', name: 'wf[0]', type: 'StepGroup', templateName: 'release', phase: 'Running', inputs: env('qa') },
    };
    nodes['r']!.inputs = env('qa');
    expect(plan({ nodes }).steps.map((s) => s.nodeId)).toEqual(['r']);
  });

  it('tracks at most maxDeployments deployments per Argo Workflow, saying so for the rest', () => {
    const nodes: Record<string, ArgoNode> = {};
    for (const e of ['a', 'b', 'c']) {
      nodes[e] = { id: e, name: `wf.${e}`, type: 'Pod', templateName: 'release', phase: 'Running', inputs: env(e) };
    }
    const result = plan({ nodes, record: record({ a: 5 }), maxDeployments: 2 });
    expect(result.steps.map((s) => [s.nodeId, s.deploymentId ?? 'new'])).toEqual([
      ['a', 5],
      ['b', 'new'],
    ]);
    expect(result.warnings).toEqual(['only 2 deploy steps per run are tracked as deployments; wf.c is not']);
  });

  it('keeps status descriptions within GitHub’s 140 characters', () => {
    const nodes = fixtureNodes();
    nodes['wf-1']!.inputs = env('e'.repeat(200));
    const [step] = plan({ nodes }).steps;
    expect(step!.status.description.length).toBeLessThanOrEqual(140);
    expect(step!.status.description.endsWith('…')).toBe(true);
  });
});

describe('nodeLogUrl', () => {
  it('encodes the query as Go’s url.Values does: keys sorted, QueryEscape', () => {
    expect(nodeLogUrl('http://ui/', workflow(), "n (1)*'")).toBe(
      'http://ui/workflows/default/wf?nodeId=n+%281%29%2A%27&sidePanel=logs%3An+%281%29%2A%27%3Amain&tab=workflow',
    );
  });
});

describe('the deployment record', () => {
  it('round-trips through the merge patch, in the original’s deployment-ids format', () => {
    const patch = deploymentRecordPatch('kube-ci.qutics.com', record({ 'wf-1': 4 }, { 'wf-1': 'success' }));
    const annotations = (patch['metadata'] as { annotations: Record<string, string> }).annotations;
    expect(annotations['kube-ci.qutics.com/deployment-ids']).toBe('{"wf-1":4}');
    expect(readDeploymentRecord(workflow(annotations), 'kube-ci.qutics.com')).toEqual(
      record({ 'wf-1': 4 }, { 'wf-1': 'success' }),
    );
  });

  it('reads malformed annotations as empty, dropping entries that are not ids or states', () => {
    const bad = workflow({
      'kube-ci.qutics.com/deployment-ids': '{"a":1,"b":"x","c":-2,"d":1.5}',
      'kube-ci.qutics.com/deployment-states': 'not json',
    });
    expect(readDeploymentRecord(bad, 'kube-ci.qutics.com')).toEqual(record({ a: 1 }));
    const states = workflow({ 'kube-ci.qutics.com/deployment-states': '{"a":"success","b":"bogus"}' });
    expect(readDeploymentRecord(states, 'kube-ci.qutics.com').states).toEqual({ a: 'success' });
  });
});

describe('isDeploymentFor', () => {
  const payload = { kube_ci: { argo_workflow: 'default/wf', argo_node: 'wf-1' } };
  it('finds kube-ci’s own deployment for a node, as an object or a JSON string', () => {
    expect(isDeploymentFor(payload, 'default/wf', 'wf-1')).toBe(true);
    expect(isDeploymentFor(JSON.stringify(payload), 'default/wf', 'wf-1')).toBe(true);
    expect(isDeploymentFor(payload, 'default/wf', 'wf-2')).toBe(false);
    expect(isDeploymentFor(payload, 'default/other', 'wf-1')).toBe(false);
    expect(isDeploymentFor('{', 'default/wf', 'wf-1')).toBe(false);
    expect(isDeploymentFor(null, 'default/wf', 'wf-1')).toBe(false);
  });
});
