/**
 * Waiting for the in-flight phase's ramp to end: every run's followArgoWorkflow started. A follower's first act
 * is one read of its Argo Workflow, so the fake Kubernetes log says when every run has one, at no cost to
 * Temporal; describes (which load the dev server, 4 at a time) then confirm it, in about one round instead of
 * one round every 5 s for the whole ramp (describes of 1,000 runs took the server longer than the runs did).
 */
import proto from '@temporalio/proto';
import type { Stack } from '../test/e2e/stack';
import { runPool } from './stats';

const FOLLOW = 'followArgoWorkflow';
const STARTED = proto.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
const WORKFLOW_GET = /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/[^/]+\/workflows\/([^/]+)$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Argo Workflows read by name since log index `from` (a follower's first read; a retried submit's). */
function workflowsRead(stack: Stack, from: number): number {
  const names = new Set<string>();
  for (const r of stack.kube.requests.slice(from)) {
    const name = r.method === 'GET' && r.query['watch'] !== 'true' ? WORKFLOW_GET.exec(r.path)?.[1] : undefined;
    if (name) names.add(name);
  }
  return names.size;
}

/** Resolves once every run's follower is STARTED; `kubeFrom` is the Kubernetes log's length when the ramp began. */
export async function waitUntilFollowed(
  stack: Stack,
  runs: Array<{ workflowId: string }>,
  kubeFrom: number,
  progress: (text: string) => void,
): Promise<void> {
  for (let read = workflowsRead(stack, kubeFrom); read < runs.length; read = workflowsRead(stack, kubeFrom)) {
    progress(`in flight: ${read} of ${runs.length} followers have read their Argo Workflow`);
    await sleep(5_000);
  }
  let waiting = runs.map((r) => r.workflowId);
  while (waiting.length > 0) {
    const followed = await runPool(waiting.length, 4, async (i) => {
      const description = await stack.client.workflow.getHandle(waiting[i]!).describe();
      return (description.raw.pendingActivities ?? []).some(
        (a) => a.activityType?.name === FOLLOW && a.state === STARTED,
      );
    });
    waiting = waiting.filter((_, i) => !followed[i]);
    if (waiting.length > 0) {
      progress(`in flight: ${runs.length - waiting.length} of ${runs.length} followed`);
      await sleep(5_000);
    }
  }
}
