import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubeGateway } from '../../../activities/kubernetes/client-gateway';
import type { KubeGateway, WorkflowWatchEvent } from '../../../activities/kubernetes/gateway';
import type { ArgoWorkflow } from '../../../domain/types';
import { startFakeKube, type FakeKube } from '../../fakes/kube/fake-kube';
import { kubeConfigForFake } from '../../fakes/kube/kubeconfig';
import { deleteThroughApi, workflowPath } from '../../fakes/kube/delete-object';

const NS = 'ci';
const wf = (name: string, labels: Record<string, string> = { managedBy: 'kube-ci' }): ArgoWorkflow => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name, labels },
  spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine' } }] },
});

async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

let fake: FakeKube;
let gateway: KubeGateway;
let events: WorkflowWatchEvent[];
let abort: AbortController;
let watching: Promise<void>;
const seen = () =>
  events.map((e) => `${e.type} ${e.workflow.metadata.name} ${e.workflow.metadata.annotations?.step ?? ''}`.trim());

beforeEach(async () => {
  fake = await startFakeKube();
  gateway = createKubeGateway(kubeConfigForFake(fake), { watchBackoffMs: 20 });
  events = [];
  abort = new AbortController();
});
afterEach(async () => {
  abort.abort();
  await watching;
  await fake.close();
});

const startWatching = () => {
  watching = gateway.watchWorkflows(NS, 'managedBy=kube-ci', (e) => events.push(e), abort.signal);
};

describe('watchWorkflows', () => {
  it('reports existing workflows, then ADDED, MODIFIED and DELETED in order, filtered by selector', async () => {
    await gateway.createWorkflow(NS, wf('before'));
    startWatching();
    await eventually(() => expect(fake.openWatches).toBe(1));
    await gateway.createWorkflow(NS, wf('one'));
    await gateway.createWorkflow(NS, wf('unrelated', { managedBy: 'someone-else' }));
    await gateway.patchWorkflow(NS, 'one', { metadata: { annotations: { step: '1' } } });
    await deleteThroughApi(fake, workflowPath(NS, 'one'));
    await eventually(() => expect(seen()).toEqual(['ADDED before', 'ADDED one', 'MODIFIED one 1', 'DELETED one 1']));
    expect(fake.requests.find((r) => r.query.watch === 'true')?.query).toMatchObject({
      labelSelector: 'managedBy=kube-ci',
    });
  });

  it('re-watches from the last resourceVersion after the stream is dropped, missing nothing', async () => {
    startWatching();
    await eventually(() => expect(fake.openWatches).toBe(1));
    await gateway.createWorkflow(NS, wf('a'));
    await eventually(() => expect(seen()).toEqual(['ADDED a']));
    for (const abrupt of [false, true]) {
      await eventually(() => expect(fake.openWatches).toBe(1));
      expect(fake.dropWatches({ abrupt })).toBe(1);
      await gateway.patchWorkflow(NS, 'a', { metadata: { annotations: { step: String(abrupt) } } });
    }
    await eventually(() => expect(seen()).toEqual(['ADDED a', 'MODIFIED a false', 'MODIFIED a true']));
    await eventually(() => expect(fake.openWatches).toBe(1));
    const watches = fake.requests.filter((r) => r.query.watch === 'true');
    expect(watches.length).toBeGreaterThanOrEqual(3);
    expect(watches.slice(1).every((r) => r.query.resourceVersion !== undefined)).toBe(true);
  });

  it('reports when a stream is open and when it ended, so followers know when to read for themselves', async () => {
    const synced: boolean[] = [];
    await gateway.createWorkflow(NS, wf('listed'));
    watching = gateway.watchWorkflows(
      NS,
      'managedBy=kube-ci',
      (e) => events.push(e),
      abort.signal,
      (s) => {
        synced.push(s);
      },
    );
    await eventually(() => expect(synced).toEqual([true]));
    // open only after the list was delivered: nothing listed arrives after the stream counts as open
    expect(seen()).toEqual(['ADDED listed']);
    fake.injectFault({ method: 'GET', path: '/workflows', status: 503, times: 2 });
    fake.dropWatches({ abrupt: true });
    // down through the drop and both refused re-watches, open again once one is accepted
    await eventually(() => expect(synced.filter((s) => s)).toEqual([true, true]));
    expect(synced.at(-1)).toBe(true);
    expect(synced.slice(1, -1).length).toBeGreaterThanOrEqual(3);
    expect(synced.slice(1, -1).every((s) => !s)).toBe(true);
    abort.abort();
    await watching;
    expect(synced.at(-1)).toBe(false);
  });

  it('re-lists after 410 Gone and reports what changed while it was away', async () => {
    await gateway.createWorkflow(NS, wf('stays'));
    await gateway.createWorkflow(NS, wf('goes'));
    startWatching();
    await eventually(() => expect(seen()).toEqual(['ADDED goes', 'ADDED stays']));
    // a gap: the stream drops, re-watches fail for a while (~600 ms of backoff), changes happen,
    // and etcd compacts the history the client would resume from
    fake.injectFault({ method: 'GET', path: '/workflows', status: 503, times: 4 });
    fake.dropWatches();
    await gateway.patchWorkflow(NS, 'stays', { metadata: { annotations: { step: 'x' } } });
    await deleteThroughApi(fake, workflowPath(NS, 'goes'));
    await gateway.createWorkflow(NS, wf('new'));
    fake.compactHistory();
    await eventually(() => expect(seen().slice(2).sort()).toEqual(['ADDED new', 'DELETED goes', 'MODIFIED stays x']));
    const lists = fake.requests.filter(
      (r) => r.method === 'GET' && r.path.endsWith('/workflows') && r.query.watch !== 'true',
    );
    expect(lists.length).toBe(2);
  });

  it('keeps retrying through server errors and stops when aborted', async () => {
    fake.injectFault({ method: 'GET', path: '/workflows', status: 500, times: 3 });
    startWatching();
    await gateway.createWorkflow(NS, wf('late'));
    await eventually(() => expect(seen()).toEqual(['ADDED late']));
    abort.abort();
    await expect(watching).resolves.toBeUndefined();
    await eventually(() => expect(fake.openWatches).toBe(0));
  });

  it('fails permanently when the watch is forbidden', async () => {
    fake.injectFault({ method: 'GET', path: '/workflows', status: 403 });
    startWatching();
    await expect(watching).rejects.toMatchObject({ type: 'KubernetesPermissionDenied', nonRetryable: true });
    watching = Promise.resolve();
  });
});
