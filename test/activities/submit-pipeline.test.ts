import { Annotation, annotationKey } from '../../domain/annotation-key';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityDeps } from '../../activities/deps';
import { createKubeGateway } from '../../activities/kubernetes/client-gateway';
import { PipelineStore } from '../../activities/pipeline-store';
import { makeRunArgoWorkflow, type SubmitPipelineInput } from '../../activities/run-argo-workflow';
import { Failure } from '../../domain/failures';
import { wfName } from '../../domain/wf-name';
import type { ArgoWorkflow } from '../../domain/types';
import { pipeline, settingsWith, triggerWith } from '../domain/fixtures';
import { startFakeKube, type FakeKube } from '../fakes/kube/fake-kube';
import { kubeConfigForFake } from '../fakes/kube/kubeconfig';
import { exampleRepo } from '../workflows/fake-activities';

const workflowId = 'ci/tcolgate/kube-ci/abc/default/suite-1';
const checkRun = { id: 77, name: 'Workflow - build' };

let kube: FakeKube;
let submitPipeline: (input: SubmitPipelineInput) => Promise<unknown>;

beforeAll(async () => {
  kube = await startFakeKube();
  // submitPipeline reads only these dependencies; the others would be a GitHub or Temporal client.
  const deps = {
    kube: createKubeGateway(kubeConfigForFake(kube)),
    settings: settingsWith(),
    pipelineStore: new PipelineStore(),
    followHeartbeatTimeoutMs: 45_000,
  } as unknown as ActivityDeps;
  const activities = makeRunArgoWorkflow(deps, async () => {
    throw new Error('the pipeline is not re-rendered in these tests');
  });
  const env = new MockActivityEnvironment({ workflowExecution: { workflowId, runId: 'run-1' } });
  submitPipeline = (input) => env.run(activities.submitPipeline, input);
});
afterAll(async () => {
  await kube?.close();
});

let sequence = 0;
/** A trigger on a fresh commit, so each test's Argo Workflow and branch cache are its own. */
function submit(annotations: Record<string, string> = {}, workflow: ArgoWorkflow = pipeline(annotations)) {
  sequence += 1;
  const trigger = triggerWith({ sha: `${'a'.repeat(39)}${sequence}`, ref: `branch-${sequence}` });
  return { trigger, run: submitPipeline({ trigger, repo: exampleRepo, workflow, checkRun }) };
}

const argoWorkflow = (name: string) =>
  kube.store.list('workflows', 'argo').find((w) => w.metadata.name === name) as unknown as ArgoWorkflow | undefined;
const pvcs = () => kube.store.list('persistentvolumeclaims', 'argo');

// The submit of a run: cache volume, decoration and create in one activity (SPEC B §8, §10).
describe('submitPipeline', () => {
  it('says whether the created workflow has manual steps to offer once it succeeds', async () => {
    const manual = annotationKey(settingsWith().annotationPrefix, Annotation.manualTemplates);
    expect(await submit({ [manual]: '^release$' }).run).toMatchObject({ offersManualSteps: true });
    expect(await submit({ [manual]: '^nothing$' }).run).toMatchObject({ offersManualSteps: false });
    // a bad override is a warning the run's check run shows, so there is something to offer
    expect(await submit({ [manual]: '(' }).run).toMatchObject({ offersManualSteps: true });
  });

  it('decorates the pipeline with the name the run follows and creates it', async () => {
    const { trigger, run } = submit();
    const result = (await run) as { namespace: string; name: string; created: boolean };
    const name = wfName({ org: 'tcolgate', repo: 'kube-ci', entrypoint: '', ref: trigger.ref, salt: workflowId });
    // the worker's heartbeat timeout for the follower rides along: the workflow cannot read configuration
    expect(result).toEqual({
      namespace: 'argo',
      name,
      created: true,
      offersManualSteps: false,
      followHeartbeatTimeoutMs: 45_000,
    });
    const created = argoWorkflow(name)!;
    expect(created.metadata.annotations).toMatchObject({
      'kube-ci.qutics.com/sha': trigger.sha,
      'kube-ci.qutics.com/check-run-id': '77',
      'kube-ci.qutics.com/check-run-name': 'Workflow - build',
    });
    expect(created.spec.arguments?.parameters?.map((p) => p.name)).not.toContain('cacheVolumeClaimName');
    expect(kube.schemaViolations).toEqual([]);
  });

  it('finds what an earlier attempt created instead of creating a second', async () => {
    const { trigger } = submit();
    const first = (await submitPipeline({ trigger, repo: exampleRepo, workflow: pipeline(), checkRun })) as object;
    const again = await submitPipeline({ trigger, repo: exampleRepo, workflow: pipeline(), checkRun });
    expect(again).toEqual({ ...first, created: false });
  });

  it('ensures the cache PVC and passes its name as cacheVolumeClaimName', async () => {
    const before = pvcs().length;
    const { run } = submit({ 'kube-ci.qutics.com/cacheScope': 'project', 'kube-ci.qutics.com/cacheSize': '20Gi' });
    const result = (await run) as { name: string; cacheVolume: string };
    expect(result.cacheVolume).toMatch(/^ci-project-tcolgate-kube-ci-/);
    const pvc = pvcs().find((p) => p.metadata.name === result.cacheVolume)!;
    expect(pvc.metadata.labels).toMatchObject({ managedBy: 'kube-ci', scope: 'project' });
    expect(pvc).toMatchObject({ spec: { resources: { requests: { storage: '20Gi' } } } });
    expect(argoWorkflow(result.name)!.spec.arguments?.parameters?.at(-1)).toEqual({
      name: 'cacheVolumeClaimName',
      value: result.cacheVolume,
    });
    // a second run of the same project reuses the volume
    await submit({ 'kube-ci.qutics.com/cacheScope': 'project', 'kube-ci.qutics.com/cacheSize': '20Gi' }).run;
    expect(pvcs().length).toBe(before + 1);
  });

  it('refuses a bad cache scope with "creation of cache volume failed, …" and creates nothing', async () => {
    const workflowsBefore = kube.store.list('workflows', 'argo').length;
    const { run } = submit({ 'kube-ci.qutics.com/cacheScope': 'galaxy', 'kube-ci.qutics.com/cacheSize': '20Gi' });
    const error = await run.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({
      type: Failure.CacheVolumeFailed,
      nonRetryable: true,
      message: 'creation of cache volume failed, scope should be either none, branch or project',
    });
    expect(kube.store.list('workflows', 'argo').length).toBe(workflowsBefore);
  });

  it('uses a volume the pipeline names only when it exists, and never creates it', async () => {
    const named = { 'kube-ci.qutics.com/cacheName': 'shared-cache' };
    const missing = await submit(named).run.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(missing).toMatchObject({
      type: Failure.CacheVolumeFailed,
      message: expect.stringMatching(/^cache volume shared-cache does not exist and cannot be created/),
    });
    expect(pvcs().some((p) => p.metadata.name === 'shared-cache')).toBe(false);

    kube.store.create('persistentvolumeclaims', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'shared-cache', namespace: 'argo' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    const result = (await submit(named).run) as { name: string; cacheVolume: string };
    expect(result.cacheVolume).toBe('shared-cache');
    expect(argoWorkflow(result.name)!.spec.arguments?.parameters?.at(-1)).toEqual({
      name: 'cacheVolumeClaimName',
      value: 'shared-cache',
    });
  });
});

describe('submitPipeline on a pipeline its planner cannot take', () => {
  it('ends the run at once with InvalidPipelineConfig instead of retrying a pure failure', async () => {
    const broken = pipeline();
    (broken.spec as Record<string, unknown>)['tolerations'] = {};
    const error = await submit({}, broken).run.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toMatchObject({ type: Failure.InvalidPipelineConfig, nonRetryable: true });
    expect((error as Error).message).toMatch(/^kube-ci cannot use this pipeline: /);
  });
});
