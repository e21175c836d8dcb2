import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { seedFromWebhookPayload } from '../fakes/github';
import { examplePayload, postDelivery, signedDelivery, type Delivery } from '../support/webhook-delivery';
import { webhookSecret, type Stack } from './stack';

export const owner = 'Codertocat';
export const repo = 'Hello-World';

let suiteCounter = 0;

export interface PreparedDelivery {
  delivery: Delivery;
  sha: string;
}

/**
 * A check_suite.requested delivery for a new commit (fresh head_sha and suite id, so each is a new run),
 * with the commit's files seeded in the fake GitHub.
 */
export async function prepareCheckSuite(
  stack: Stack,
  files: Record<string, string>,
  branch = 'master',
): Promise<PreparedDelivery> {
  const payload = examplePayload('check_suite', 'requested');
  payload['check_suite'].id = 900_000 + process.pid * 100 + suiteCounter++;
  payload['check_suite'].head_sha = randomBytes(20).toString('hex');
  payload['check_suite'].head_branch = branch;
  seedFromWebhookPayload(stack.github, payload, files);
  return {
    delivery: await signedDelivery(webhookSecret, 'check_suite', payload),
    sha: payload['check_suite'].head_sha,
  };
}

/** A fresh check_suite.requested for `files`, delivered and handed off: the run's commit and handle. */
export async function deliverCheckSuite(stack: Stack, files: Record<string, string>, branch = 'master') {
  const { delivery, sha } = await prepareCheckSuite(stack, files, branch);
  return { sha, handle: await deliverAccepted(stack, delivery) };
}

/** Delivers and expects the hand-off to Temporal; returns the run's workflow handle. */
export async function deliverAccepted(stack: Stack, delivery: Delivery, apiUrl = stack.apiUrl) {
  const res = await postDelivery(apiUrl, delivery);
  expect(res.status, res.body).toBe(202);
  const { workflowId } = JSON.parse(res.body) as { workflowId: string };
  return stack.client.workflow.getHandle(workflowId);
}

export async function waitUntil(predicate: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve(predicate()).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}

/** The run's Argo Workflow name once the run is following it. */
export async function runningArgoWorkflow(
  stack: Stack,
  handle: { query: <T>(name: string) => Promise<T> },
): Promise<string> {
  let name = '';
  await waitUntil(async () => {
    const status = await handle.query<{ stage: string; argoWorkflow?: { name: string } }>('runStatus');
    name = status.argoWorkflow?.name ?? '';
    return status.stage === 'running';
  });
  await stack.argo.waitFor('argo', name, (wf) => wf.status?.phase === 'Running', 30_000);
  return name;
}

export function checkRunsFor(stack: Stack, sha: string) {
  return stack.github.checkRuns(owner, repo).filter((c) => c.headSha === sha);
}

export function argoWorkflowsFor(stack: Stack, sha: string) {
  return stack.argoWorkflows().filter((w) => w.metadata.annotations?.['kube-ci.qutics.com/sha'] === sha);
}

/**
 * How many updates concluded the check run. With at most 50 annotations the conclusion is one request,
 * so "exactly once" means 1.
 */
export function conclusionsSent(checkRun: { history: Array<{ body: Record<string, unknown> }> }): number {
  return checkRun.history.filter((h) => h.body['conclusion'] !== undefined).length;
}
