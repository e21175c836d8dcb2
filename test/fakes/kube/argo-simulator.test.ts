import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubeGateway } from '../../../activities/kubernetes/client-gateway';
import type { KubeGateway } from '../../../activities/kubernetes/gateway';
import type { ArgoWorkflow } from '../../../domain/types';
import { fnv32a, nodeId, podNameV2 } from './argo-names';
import { ArgoSimulator } from './argo-simulator';
import { startFakeKube, type FakeKube } from './fake-kube';
import { kubeConfigForFake } from './kubeconfig';
import { deleteThroughApi, workflowPath } from './delete-object';

const NS = 'ci';
const stepsWorkflow = (name: string): ArgoWorkflow => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name, labels: { managedBy: 'kube-ci' } },
  spec: {
    entrypoint: 'ci',
    templates: [
      {
        name: 'ci',
        steps: [
          [{ name: 'build', template: 'build', arguments: { parameters: [{ name: 'target', value: 'all' }] } }],
          [{ name: 'test', template: 'test' }],
        ],
      },
      { name: 'build', inputs: { parameters: [{ name: 'target' }] }, container: { image: 'golang' } },
      { name: 'test', script: { image: 'golang', source: 'go test' } },
    ],
  },
});
const done = (wf: ArgoWorkflow) => ['Succeeded', 'Failed', 'Error'].includes(wf.status?.phase ?? '');

let fake: FakeKube;
let sim: ArgoSimulator;
let gateway: KubeGateway;
beforeEach(async () => {
  fake = await startFakeKube();
  sim = new ArgoSimulator(fake, 5);
  gateway = createKubeGateway(kubeConfigForFake(fake));
});
afterEach(async () => {
  sim.stop();
  await fake.close();
});

describe('argo names', () => {
  it('hashes node names with 32-bit FNV-1a and builds v2 pod names, truncating long prefixes as Argo does', () => {
    expect(fnv32a('')).toBe(2166136261);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(nodeId('wf', 'wf')).toBe('wf');
    expect(nodeId('wf', 'wf[0].build')).toBe(`wf-${fnv32a('wf[0].build')}`);
    expect(podNameV2('wf', 'wf[0].build', 'build')).toBe(`wf-build-${fnv32a('wf[0].build')}`);
    const long = podNameV2('w'.repeat(200), 'node', 't'.repeat(100));
    expect(long).toBe(`${`${'w'.repeat(200)}-${'t'.repeat(100)}`.slice(0, 242)}-${fnv32a('node')}`);
  });
});

describe('ArgoSimulator', () => {
  it('honours spec.podGC: OnPodCompletion deletes each pod after its delay, before the workflow ends', async () => {
    sim.plan(() => ({ stepDelayMs: 150, logs: { build: 'compiled\n' } }));
    const wf = stepsWorkflow('gc-1');
    wf.spec.podGC = { strategy: 'OnPodCompletion', deleteDelayDuration: '50ms' };
    await gateway.createWorkflow(NS, wf);
    const buildPod = `gc-1-build-${fnv32a('gc-1[0].build')}`;
    const testPod = `gc-1-test-${fnv32a('gc-1[1].test')}`;
    // the build pod is gone while the test step still runs
    await sim.waitFor(NS, 'gc-1', (w) => Object.values(w.status?.nodes ?? {}).some((n) => n.displayName === 'test'));
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.store.get('pods', NS, buildPod)).toBeUndefined();
    expect(await gateway.readPodLog(NS, buildPod, 'main')).toBeNull();
    expect(fake.store.get('pods', NS, testPod)).toBeDefined();
    expect((await sim.waitFor(NS, 'gc-1', done)).status?.phase).toBe('Succeeded');
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.store.get('pods', NS, testPod)).toBeUndefined();
  });

  it('honours spec.podGC OnWorkflowSuccess (all pods once the workflow succeeded) and keeps pods without podGC', async () => {
    sim.plan(() => ({ stepDelayMs: 5 }));
    const gc = stepsWorkflow('gc-2');
    gc.spec.podGC = { strategy: 'OnWorkflowSuccess', deleteDelayDuration: '0s' };
    await gateway.createWorkflow(NS, gc);
    await gateway.createWorkflow(NS, stepsWorkflow('gc-3'));
    await sim.waitFor(NS, 'gc-2', done);
    await sim.waitFor(NS, 'gc-3', done);
    await new Promise((r) => setTimeout(r, 50));
    const podsOf = (name: string) =>
      fake.store.list('pods', NS).filter((p) => p.metadata.labels?.['workflows.argoproj.io/workflow'] === name);
    expect(podsOf('gc-2')).toHaveLength(0);
    expect(podsOf('gc-3')).toHaveLength(2);
  });

  it('drives a steps workflow to Succeeded with real node shapes and v2 pods whose logs the gateway reads', async () => {
    sim.plan(() => ({ logs: { build: 'compiled\n', test: 'ok\n' } }));
    await gateway.createWorkflow(NS, stepsWorkflow('run-1'));
    const wf = await sim.waitFor(NS, 'run-1', done);
    expect(wf.status).toMatchObject({ phase: 'Succeeded', progress: '2/2' });
    expect(wf.status?.startedAt).toMatch(/Z$/);
    expect(wf.status?.finishedAt).toMatch(/Z$/);
    expect(wf.metadata.annotations?.['workflows.argoproj.io/pod-name-format']).toBe('v2');
    expect(wf.metadata.labels).toMatchObject({
      'workflows.argoproj.io/completed': 'true',
      'workflows.argoproj.io/phase': 'Succeeded',
    });
    const nodes = Object.values(wf.status!.nodes!);
    expect(wf.status!.nodes!['run-1']).toMatchObject({
      type: 'Steps',
      templateName: 'ci',
      phase: 'Succeeded',
      displayName: 'run-1',
    });
    expect(nodes.filter((n) => n.type === 'StepGroup')).toHaveLength(2);
    const build = nodes.find((n) => n.displayName === 'build')!;
    expect(build).toMatchObject({
      id: nodeId('run-1', 'run-1[0].build'),
      name: 'run-1[0].build',
      type: 'Pod',
      templateName: 'build',
      phase: 'Succeeded',
      inputs: { parameters: [{ name: 'target', value: 'all' }] },
    });
    const podName = `run-1-build-${fnv32a('run-1[0].build')}`;
    const pod = fake.store.get('pods', NS, podName)!;
    expect(pod.metadata.annotations).toMatchObject({
      'workflows.argoproj.io/node-id': build.id,
      'workflows.argoproj.io/node-name': 'run-1[0].build',
    });
    expect(pod.metadata.labels).toMatchObject({
      'workflows.argoproj.io/workflow': 'run-1',
      'workflows.argoproj.io/completed': 'true',
    });
    expect(await gateway.readPodLog(NS, podName, 'main')).toBe('compiled\n');
    expect(await gateway.readPodLog(NS, `run-1-test-${fnv32a('run-1[1].test')}`, 'main')).toBe('ok\n');
    // the v1 name (the node id) is not a pod: kube-ci's G7 bug would read nothing
    expect(await gateway.readPodLog(NS, build.id, 'main')).toBeNull();
  });

  it('fails the planned template and stops, with Argo messages on the node, root and workflow', async () => {
    sim.plan(() => ({ outcome: 'Failed', failingTemplate: 'build', nodeMessages: { build: 'Error (exit code 2)' } }));
    await gateway.createWorkflow(NS, stepsWorkflow('run-2'));
    const wf = await sim.waitFor(NS, 'run-2', done);
    const build = Object.values(wf.status!.nodes!).find((n) => n.displayName === 'build')!;
    expect(build).toMatchObject({ phase: 'Failed', message: 'Error (exit code 2)' });
    expect(Object.values(wf.status!.nodes!).some((n) => n.displayName === 'test')).toBe(false);
    expect(wf.status).toMatchObject({ phase: 'Failed', message: `child '${build.id}' failed` });
    expect(wf.status!.nodes!['run-2']!.phase).toBe('Failed');
  });

  it('fails a running workflow whose activeDeadlineSeconds is set to 0, failing its running nodes', async () => {
    sim.plan(() => ({ holdRunning: true }));
    await gateway.createWorkflow(NS, stepsWorkflow('run-3'));
    await sim.waitFor(NS, 'run-3', (wf) =>
      Object.values(wf.status?.nodes ?? {}).some((n) => n.type === 'Pod' && n.phase === 'Running'),
    );
    await gateway.patchWorkflow(NS, 'run-3', { spec: { activeDeadlineSeconds: 0 } });
    const wf = await sim.waitFor(NS, 'run-3', done);
    const build = Object.values(wf.status!.nodes!).find((n) => n.displayName === 'build')!;
    expect(build).toMatchObject({ phase: 'Failed', message: 'Step exceeded its deadline' });
    expect(wf.status).toMatchObject({ phase: 'Failed', message: `child '${build.id}' failed` });
    const pods = fake.store.list('pods', NS);
    expect(pods.map((p) => (p.status as { phase: string }).phase)).toEqual(['Failed']);
  });

  it('says "Stopped with strategy" when stopped through spec.shutdown', async () => {
    sim.plan(() => ({ holdRunning: true }));
    await gateway.createWorkflow(NS, stepsWorkflow('run-4'));
    await sim.waitFor(NS, 'run-4', (wf) => wf.status?.phase === 'Running');
    await gateway.patchWorkflow(NS, 'run-4', { spec: { shutdown: 'Terminate' } });
    const wf = await sim.waitFor(NS, 'run-4', done);
    expect(wf.status).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Terminate'" });
  });

  it('holds a workflow Running until finish() and writes compressedNodes when asked', async () => {
    sim.plan(() => ({ holdRunning: true, compressNodes: true }));
    await gateway.createWorkflow(NS, stepsWorkflow('run-5'));
    await sim.waitFor(
      NS,
      'run-5',
      (wf) => wf.status?.phase === 'Running' && wf.status.progress === '0/2' && Boolean(wf.status.compressedNodes),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect((await gateway.getWorkflow(NS, 'run-5'))?.status?.phase).toBe('Running');
    sim.finish(NS, 'run-5', 'Error');
    const wf = await sim.waitFor(NS, 'run-5', done);
    expect(wf.status?.phase).toBe('Error');
    expect(wf.status?.nodes).toBeUndefined();
    const nodes = JSON.parse(gunzipSync(Buffer.from(wf.status!.compressedNodes!, 'base64')).toString('utf8')) as Record<
      string,
      { phase: string }
    >;
    expect(nodes['run-5']!.phase).toBe('Error');
  });

  it('keeps running a workflow while no client is connected, and deletes its pods with it', async () => {
    await gateway.createWorkflow(NS, stepsWorkflow('run-6'));
    expect(fake.openWatches).toBe(0);
    await sim.waitFor(NS, 'run-6', done);
    expect(fake.store.list('pods', NS)).toHaveLength(2);
    await deleteThroughApi(fake, workflowPath(NS, 'run-6'));
    expect(fake.store.list('pods', NS)).toHaveLength(0);
  });
});
