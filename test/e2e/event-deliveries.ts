import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { seedFromWebhookPayload } from '../fakes/github';
import { examplePayload, postDelivery, signedDelivery } from '../support/webhook-delivery';
import { waitUntil } from './deliveries';
import { webhookSecret, type Stack } from './stack';

/** The installation of the recorded check suites of Codertocat/Hello-World, which every payload here is adapted to. */
const INSTALLATION = { id: 957387 };

let prCounter = 0;

export const newSha = (): string => randomBytes(20).toString('hex');

/** A recorded payload of `event` adapted to Codertocat/Hello-World and its installation. */
export function adapted(event: string, action?: string, pick = (_p: Record<string, any>) => true): Record<string, any> {
  for (let i = 0; ; i++) {
    const payload = examplePayload(event, action, i);
    if (!pick(payload)) continue;
    payload['repository'] = examplePayload('check_suite', 'requested')['repository'];
    payload['installation'] = INSTALLATION;
    return payload;
  }
}

/** A recorded `pull_request.<action>` for a fresh PR number at `sha` on `branch` (same repository unless forked). */
export function pullRequestPayload(action: string, sha: string, branch: string, number = 500 + prCounter++) {
  const payload = adapted('pull_request', action === 'synchronize' ? 'synchronize' : 'opened');
  payload['action'] = action;
  payload['number'] = number;
  const repo = payload['repository'];
  Object.assign(payload['pull_request'], { number, draft: false, updated_at: new Date().toISOString() });
  Object.assign(payload['pull_request'].head, { sha, ref: branch, repo: structuredClone(repo) });
  Object.assign(payload['pull_request'].base, { ref: 'master', repo: structuredClone(repo) });
  return payload;
}

/** The push's `check_suite.requested` (fresh suite id), GitHub's created_at `pushedAt` (default now). */
export function checkSuitePayload(sha: string, branch: string, pushedAt = new Date().toISOString()) {
  const payload = examplePayload('check_suite', 'requested');
  Object.assign(payload['check_suite'], {
    id: Number.parseInt(sha.slice(0, 8), 16),
    head_sha: sha,
    head_branch: branch,
    created_at: pushedAt,
  });
  return payload;
}

/** Seeds the payload's commit with `files` in the fake GitHub. */
export function seed(stack: Stack, payload: unknown, files: Record<string, string>): void {
  seedFromWebhookPayload(stack.github, payload, files);
}

/** Signs and posts: the answer's status and body (JSON parsed when it is JSON). */
export async function send(stack: Stack, event: string, payload: unknown): Promise<{ status: number; body: any }> {
  const res = await postDelivery(stack.apiUrl, await signedDelivery(webhookSecret, event, payload));
  let body: any = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    // a text answer (ignored events)
  }
  return { status: res.status, body };
}

/** The `ciRunWorkflow`s of commit `sha`, from Temporal's visibility (`Commit` is a SQL keyword: quoted). */
export async function runsOf(stack: Stack, sha: string): Promise<string[]> {
  const ids: string[] = [];
  const query = `WorkflowType = 'ciRunWorkflow' AND \`Commit\` = '${sha}'`;
  for await (const run of stack.client.workflow.list({ query })) ids.push(run.workflowId);
  return ids;
}

/**
 * What the run's `cancelSupersededRuns` activity answered, read from its history: the runs it cancelled. Race-free,
 * unlike looking at the other runs right after (a cancelled run stays RUNNING while it stops its Argo Workflow).
 * Since run shape 0.5 it is a local activity, recorded as a `core_local_activity` marker with its result.
 */
export async function supersededBy(run: WorkflowHandle): Promise<string[]> {
  const events = (await run.fetchHistory()).events ?? [];
  const marker = events.find((e) => {
    const attrs = e.markerRecordedEventAttributes;
    const data = attrs?.markerName === 'core_local_activity' ? attrs.details?.['data']?.payloads?.[0] : undefined;
    return data && defaultPayloadConverter.fromPayload<{ activity_type?: string }>(data).activity_type === NAME;
  });
  if (marker) return resultOf(run, marker.markerRecordedEventAttributes?.details?.['result']?.payloads?.[0]);
  const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === NAME);
  if (!scheduled) throw new Error(`${run.workflowId} never asked to supersede`);
  const completed = events.find(
    (e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === String(scheduled.eventId),
  );
  return resultOf(run, completed?.activityTaskCompletedEventAttributes?.result?.payloads?.[0]);
}

const NAME = 'cancelSupersededRuns';

function resultOf(run: WorkflowHandle, payload: Payload | null | undefined): string[] {
  if (!payload) throw new Error(`${run.workflowId}: ${NAME} has not completed`);
  return defaultPayloadConverter.fromPayload<{ cancelled: string[] }>(payload).cancelled;
}

/**
 * Releases a held Argo Workflow once the simulator holds it: its phase turns Running a step before its held node
 * is, so releasing right after `runningArgoWorkflow` can come too early.
 */
export async function finishWhenHeld(stack: Stack, name: string): Promise<void> {
  // async, so a throw (not held yet) is a rejection, which waitUntil counts as "not yet"
  await waitUntil(async () => {
    stack.argo.finish('argo', name, 'Succeeded');
    return true;
  });
}
