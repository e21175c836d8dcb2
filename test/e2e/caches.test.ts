/**
 * Caches end to end (issue 7 item 5, SPEC B 10.6–10.8): signed @octokit/webhooks-examples deliveries → API →
 * Temporal → worker (client-node) → the fake API server, whose pvc-protection keeps a mounted PVC Terminating.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCacheVolume } from '../../domain/cache-volume';
import { seedFromWebhookPayload } from '../fakes/github';
import { examplePayload, postDelivery, signedDelivery } from '../support/webhook-delivery';
import { deliverAccepted, owner, repo, waitUntil } from './deliveries';
import { exampleAppId, startStack, webhookSecret, type Stack } from './stack';

const pipelineWith = (scope: 'branch' | 'project') => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ci-
  annotations:
    kube-ci.qutics.com/cacheScope: ${scope}
    kube-ci.qutics.com/cacheSize: 1Gi
spec:
  entrypoint: build
  volumes:
    - name: cache
      persistentVolumeClaim:
        claimName: "{{workflow.parameters.cacheVolumeClaimName}}"
  templates:
    - name: build
      container:
        image: golang:1.22
        command: [go, build, ./...]
`;

describe('build caches', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  const suitePayload = () => examplePayload('check_suite', 'requested');
  // fresh reads (not the real tier's informer view): a volume deleted a moment ago must be gone
  const pvcs = () => stack.cluster.list('persistentvolumeclaims', 'argo');
  const pvcNames = async () => (await pvcs()).map((p) => p.metadata.name!);
  /** after a delete: a PVC is Terminating until the pvc-protection controller lets it go (at once on the fake) */
  const settledPvcNames = async () => {
    await waitUntil(async () => (await pvcs()).every((p) => !p.metadata.deletionTimestamp), 10_000);
    return pvcNames();
  };
  const volumeName = (org: string, name: string, scope: 'branch' | 'project', branch: string) => {
    const plan = planCacheVolume(
      { apiVersion: 'v1', kind: 'Workflow', metadata: { annotations: cacheAnnotations(scope) }, spec: {} },
      stack.settings,
      { org, repo: name, branch },
    );
    if (plan.kind !== 'volume') throw new Error('no volume planned');
    return plan;
  };
  const cacheAnnotations = (scope: string) => ({
    'kube-ci.qutics.com/cacheScope': scope,
    'kube-ci.qutics.com/cacheSize': '1Gi',
  });
  /** A cache volume as a run of org/name on branch makes it, put straight into the cluster (with its finalizer). */
  async function existingCache(org: string, name: string, scope: 'branch' | 'project', branch = 'master') {
    const { kind: _kind, storage, ...plan } = volumeName(org, name, scope, branch);
    const created = await stack.cluster.create('persistentvolumeclaims', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { ...plan, namespace: 'argo', finalizers: ['kubernetes.io/pvc-protection'] },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
    });
    expect(created, `${plan.name} exists already`).toBeDefined();
    return plan.name;
  }

  /** A run of `pipeline` on a fresh commit of `branch`, to its end: its check run and the suite payload. */
  async function finishedRun(scope: 'branch' | 'project', branch: string) {
    const payload = suitePayload();
    payload['check_suite'].id = 700_000 + Math.floor(Math.random() * 100_000);
    payload['check_suite'].head_sha = randomBytes(20).toString('hex');
    payload['check_suite'].head_branch = branch;
    seedFromWebhookPayload(stack.github, payload, { '.kube-ci/ci.yaml': pipelineWith(scope) });
    const handle = await deliverAccepted(stack, await signedDelivery(webhookSecret, 'check_suite', payload));
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    const checkRun = stack.github.checkRuns(owner, repo).find((c) => c.headSha === payload['check_suite'].head_sha)!;
    return { payload, checkRun };
  }

  /** The recorded button press, on a check run of ours: repository, installation and check suite of `suite`. */
  function pressOn(
    suite: Record<string, any>,
    checkRun: { id: number; fields: Record<string, any> },
    identifier: string,
  ) {
    const press = examplePayload('check_run', 'requested_action');
    press['requested_action'] = { identifier };
    press['repository'] = suite['repository'];
    press['installation'] = suite['installation'];
    Object.assign(press['check_run'], {
      id: checkRun.id,
      name: checkRun.fields['name'],
      head_sha: suite['check_suite'].head_sha,
      conclusion: checkRun.fields['conclusion'],
      output: { ...press['check_run'].output, ...checkRun.fields['output'] },
    });
    press['check_run'].check_suite = { ...press['check_run'].check_suite, app: { id: exampleAppId } };
    press['check_run'].check_suite.head_branch = suite['check_suite'].head_branch;
    return press;
  }

  async function cleared(event: string, payload: unknown): Promise<{ deleted: string[] }> {
    const handle = await deliverAccepted(stack, await signedDelivery(webhookSecret, event, payload));
    return (await handle.result()) as { deleted: string[] };
  }

  it('clearCacheBranch deletes that branch cache only, and says so on the pressed check run', async () => {
    const { payload, checkRun } = await finishedRun('branch', 'feature/cache');
    const mine = volumeName(owner, repo, 'branch', 'feature/cache').name;
    expect(checkRun.fields['actions']).toEqual([expect.objectContaining({ identifier: 'clearCacheBranch' })]);
    const others = [
      await existingCache(owner, repo, 'branch', 'feature/other'),
      await existingCache(owner, repo, 'project'),
    ];
    expect(await pvcNames()).toEqual(expect.arrayContaining([mine, ...others]));

    const press = pressOn(payload, checkRun, 'clearCacheBranch');
    expect(await cleared('check_run', press)).toEqual({ deleted: [mine] });
    expect(await settledPvcNames()).not.toContain(mine);
    expect(await pvcNames()).toEqual(expect.arrayContaining(others));
    const after = stack.github.checkRuns(owner, repo).find((c) => c.id === checkRun.id)!;
    expect(after.fields).toMatchObject({ name: checkRun.fields['name'], conclusion: 'success' });
    const output = after.fields['output'] as { summary: string; title: string };
    expect(output.title).toBe((checkRun.fields['output'] as { title: string }).title);
    expect(output.summary.endsWith(`\n\nCache cleared by @codebytere: deleted ${mine} (1 volume)`)).toBe(true);

    // the feedback PATCH sends name and output only: conclusion and buttons stay as they were
    expect(Object.keys(after.history.at(-1)!.body).sort()).toEqual(['name', 'output']);
    expect(after.fields['actions']).toEqual(checkRun.fields['actions']);
    // a redelivery of the press clears nothing more and says nothing more
    const updates = after.history.length;
    const again = await postDelivery(stack.apiUrl, await signedDelivery(webhookSecret, 'check_run', press));
    expect(JSON.parse(again.body)).toMatchObject({ started: false });
    expect(stack.github.checkRuns(owner, repo).find((c) => c.id === checkRun.id)!.history).toHaveLength(updates);
  }, 120_000);

  it('clearCache deletes every cache of the repository, branch ones included, and no other repository', async () => {
    const { payload, checkRun } = await finishedRun('project', 'master');
    expect(checkRun.fields['actions']).toEqual([expect.objectContaining({ identifier: 'clearCache' })]);
    const branchCache = await existingCache(owner, repo, 'branch', 'feature/kept-until-now');
    const elsewhere = await existingCache('Octocoders', repo, 'project');
    const ours = (await pvcs())
      .filter((p) => p.metadata.annotations?.['kube-ci.qutics.com/org'] === owner)
      .map((p) => p.metadata.name!);
    expect(ours).toContain(branchCache);
    const { deleted } = await cleared('check_run', pressOn(payload, checkRun, 'clearCache'));
    expect(deleted.sort()).toEqual(ours.sort());
    expect(await settledPvcNames()).toEqual([elsewhere]);
    const summary = (stack.github.checkRuns(owner, repo).find((c) => c.id === checkRun.id)!.fields['output'] as any)
      .summary as string;
    expect(summary).toContain(`Cache cleared by @codebytere: deleted `);
    expect(summary).toContain(`(${ours.length} volumes)`);
    await stack.cluster.delete('persistentvolumeclaims', 'argo', elsewhere);
    await settledPvcNames();
  }, 120_000);

  it('a branch delete takes that branch cache; a repository archive all of that repository, nothing else', async () => {
    const gone = await existingCache(owner, repo, 'branch', 'gone');
    const stay = await existingCache(owner, repo, 'branch', 'stay');
    const project = await existingCache(owner, repo, 'project');
    const octo = [
      await existingCache('Octocoders', repo, 'project'),
      await existingCache('Octocoders', repo, 'branch', 'gone'),
    ];
    const del = examplePayload('delete', undefined, 2);
    Object.assign(del, { ref_type: 'branch', ref: 'gone' });
    const githubBefore = stack.github.requests.length;
    expect(await cleared('delete', del)).toEqual({ deleted: [gone] });
    // nobody pressed anything: logs only, no GitHub call
    expect(stack.github.requests.length).toBe(githubBefore);
    expect((await settledPvcNames()).sort()).toEqual([stay, project, ...octo].sort());

    const archived = examplePayload('repository', 'renamed'); // Octocoders/Hello-World, with an installation
    archived['action'] = 'archived';
    expect((await cleared('repository', archived)).deleted.sort()).toEqual([...octo].sort());
    expect((await settledPvcNames()).sort()).toEqual([stay, project].sort());
    for (const name of [stay, project]) await stack.cluster.delete('persistentvolumeclaims', 'argo', name);
    await settledPvcNames();
  }, 120_000);

  it('does not kill a running build: its cache stays Terminating, and the next run waits for it, then makes a new one', async () => {
    const busy = await existingCache(owner, repo, 'branch', 'busy');
    const oldUid = (await stack.cluster.get('persistentvolumeclaims', 'argo', busy))!.metadata.uid;
    await stack.cluster.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'earlier-build', namespace: 'argo' },
      spec: {
        containers: [{ name: 'main', image: 'golang:1.22' }],
        volumes: [{ name: 'cache', persistentVolumeClaim: { claimName: busy } }],
      },
      status: { phase: 'Running' },
    });
    const del = examplePayload('delete', undefined, 2);
    Object.assign(del, { ref_type: 'branch', ref: 'busy' });
    expect(await cleared('delete', del)).toEqual({ deleted: [busy] });
    expect(await stack.cluster.get('pods', 'argo', 'earlier-build')).toBeDefined();
    expect((await stack.cluster.get('persistentvolumeclaims', 'argo', busy))!.metadata.deletionTimestamp).toBeTruthy();

    const run = finishedRun('branch', 'busy');
    // the run's submit finds the old volume Terminating and is retried (CacheVolumeTerminating): no Argo Workflow
    const reads = () =>
      stack.kube.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/persistentvolumeclaims/${busy}`));
    await waitUntil(() => reads().length >= 2);
    const onBusy = () => stack.argoWorkflows().filter((w) => w.metadata.labels?.['branch'] === 'busy');
    expect(onBusy()).toEqual([]);
    const creates = () =>
      stack.kube.requests.filter(
        (r) => r.method === 'POST' && (r.body as { metadata?: { name?: string } })?.metadata?.name === busy,
      );
    expect(creates()).toEqual([]);
    // a kubelet's status write (the pod's status subresource, on the real tier)
    await stack.cluster.update('pods', 'argo', 'earlier-build', (pod) => (pod.status = { phase: 'Succeeded' }));
    await run;
    const fresh = (await stack.cluster.get('persistentvolumeclaims', 'argo', busy))!;
    expect(fresh.metadata.uid).not.toBe(oldUid);
    expect(fresh.metadata.deletionTimestamp).toBeUndefined();
    const params = onBusy()[0]!.spec.arguments?.parameters ?? [];
    expect(params).toContainEqual({ name: 'cacheVolumeClaimName', value: busy });
    expect(creates()).toHaveLength(1);
  }, 120_000);
});
