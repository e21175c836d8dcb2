import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunsFor, deliverAccepted, prepareCheckSuite, runningArgoWorkflow, waitUntil } from '../deliveries';
import { buildAndTest } from '../pipelines';
import { startStack, type Stack } from '../stack';
import type { ArgoWorkflow } from '../../../domain/types';

/**
 * Real tier only: the real server's watch expires mid-run and the run still finishes. The server ends every
 * watch after 1-2x `--min-request-timeout` (3 s here), so the worker re-watches from the last resourceVersion
 * it saw; etcd compacted past it in the meantime, the re-watch is answered 410 Gone, and the worker re-lists.
 * `--watch-cache=false`: with the watch cache on, the server answers re-watches from its in-memory window
 * (which an etcd compaction does not shorten) and sends bookmarks that move the worker's resourceVersion on,
 * so 410 would come only from the window's size — here it comes from etcd, deterministically.
 */
describe('a watch expired by etcd compaction (real kube-apiserver)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ realKube: { minRequestTimeoutSeconds: 3, extraArgs: ['--watch-cache=false'] } });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('re-lists after the 410 and concludes the run once', async () => {
    expect(stack.tier).toBe('real');
    stack.argo.plan(() => ({ holdRunning: true }));
    const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    const handle = await deliverAccepted(stack, delivery);
    const name = await runningArgoWorkflow(stack, handle);
    // the simulator has written all it writes before the hold (the held step Running, its pod too)
    const heldStep = (wf: ArgoWorkflow) =>
      Object.values(wf.status?.nodes ?? {}).some((n) => n.type === 'Pod' && n.phase === 'Running');
    await stack.argo.waitFor('argo', name, heldStep);
    await new Promise((r) => setTimeout(r, 500));
    const watches = () =>
      stack.kube.requests.filter((r) => r.query['watch'] === 'true' && r.path.endsWith('/namespaces/argo/workflows'));
    const expired = () => watches().filter((r) => r.watchError === 410);
    // newer revisions the worker's (label-selected) watch never sees, then a compaction past all of them
    for (let i = 0; i < 3; i += 1) {
      await stack.cluster.create('pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `unrelated-${i}`, namespace: 'argo' },
        spec: { containers: [{ name: 'main', image: 'busybox' }] },
      });
    }
    await stack.real!.compactEtcd();
    await waitUntil(() => expired().length > 0, 20_000).catch((e) => {
      console.log(JSON.stringify(watches().map((r) => [r.query, r.status, r.watchError])));
      throw e;
    });
    stack.argo.finish('argo', name, 'Succeeded');
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    // after the 410 the worker re-listed (a GET without watch=true) and watched on from the list
    const requests = stack.kube.requests;
    const gone = requests.indexOf(expired()[0]!);
    const isWorkflowList = (r: (typeof requests)[number]) =>
      r.method === 'GET' && r.query['watch'] !== 'true' && r.path.endsWith('/namespaces/argo/workflows');
    const relist = requests.findIndex((r, i) => i > gone && isWorkflowList(r));
    expect(relist).toBeGreaterThan(gone);
    // (a watch still open has no status yet: it is recorded when its answer ends)
    const watchedOn = requests.slice(relist).filter((r) => r.query['watch'] === 'true');
    expect(watchedOn.length).toBeGreaterThan(0);
    expect(watchedOn.every((r) => r.status === undefined || r.status === 200)).toBe(true);
    expect(checkRunsFor(stack, sha)).toHaveLength(1);
    expect(checkRunsFor(stack, sha)[0]!.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
  }, 90_000);
});
