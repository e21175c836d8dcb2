/**
 * EVERY `@octokit/webhooks-examples` payload, signed with the real scheme, through the real API with a
 * real Temporal dev server behind it (no worker: a start only has to be accepted). Each event gets the
 * answer written down here by hand, and what reached Temporal is checked: one run per check suite
 * (however often it is delivered) and per re-request body, carrying the payload as its event.
 */
import { Client, defaultPayloadConverter } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createTemporalGateway } from '../../temporal/gateway';
import type { CiRunInput } from '../../workflows/ci-run.messages';
import { allExamples, type CorpusExample } from '../support/payload-mutations';
import { startTestTemporal, type TestTemporal } from '../support/temporal';
import { postDelivery, signedDelivery } from '../support/webhook-delivery';
import { listenOnLoopback, type Listening } from '../support/listen';

const secret = 'corpus-secret';
const appId = 29310;
const taskQueue = 'webhook-corpus';

/** The answer each example must get on its first delivery. */
function expectedAnswer({ event, payload, index }: CorpusExample): { status: number; body: string | RegExp } {
  const action = payload['action'];
  if (event === 'ping') return { status: 200, body: 'ignored: pong\n' };
  if (event === 'check_suite') {
    if (action === 'completed') return { status: 200, body: 'ignored: OK\n' };
    // the three `requested` examples are one check suite (id 118578174): the first starts its run
    if (action === 'requested') return { status: 202, body: index === 4 ? /"started":true/ : /"started":false/ };
    // the two `rerequested` examples are two bodies: two clicks, two runs
    return { status: 202, body: /"started":true/ };
  }
  if (event === 'check_run') {
    if (action === 'created' || action === 'completed') return { status: 200, body: 'ignored: OK\n' };
    // requested_action is App 25811's, rerequested App 2's: not ours
    return { status: 200, body: 'ignored: ignoring, wrong appID\n' };
  }
  // every recorded delete is of a tag, and no recorded repository event archives or deletes one
  if (event === 'delete') return { status: 200, body: 'ignored: ignore tag delete event\n' };
  if (event === 'repository') return { status: 200, body: `ignored: ignore repo ${String(action)} event\n` };
  // no example asks kube-ci to run (`deployment.payload.kube_ci.run`): test/e2e/deployments.test.ts does
  if (event === 'deployment') return { status: 200, body: 'ignored: Ignored, set kube-ci.run to launch a CI task\n' };
  // no recorded comment or opened issue starts with /kube-ci: test/e2e/comment-commands.test.ts sends those
  if (event === 'issue_comment')
    return {
      status: 200,
      body: `ignored: ${action === 'created' ? 'not a /kube-ci command' : 'only a created comment is a command'}\n`,
    };
  if (event === 'issues')
    return {
      status: 200,
      body: `ignored: ${action === 'opened' ? 'not a /kube-ci command' : `ignoring issues ${String(action)} event`}\n`,
    };
  const noInstallation = { status: 200, body: 'ignored: payload has no installation id\n' };
  if (event === 'pull_request') {
    // every recorded PR is of the same repository (none from a fork); test/e2e/pull-request-events.test.ts has forks
    // closing PR #2 cancels the running re-runs of its check suite (which lists PR #2), and nothing else
    if (action === 'closed')
      return {
        status: 202,
        body: /^\{"cancelled":\[("[^"]*\/rerun-[0-9a-f]{16}",?)*\],"reason":"pull request #2 closed"\}$/,
      };
    if (!['opened', 'reopened', 'ready_for_review', 'synchronize'].includes(String(action)))
      return { status: 200, body: `ignored: ignore pull_request ${String(action)} event\n` };
    return payload['installation'] ? { status: 202, body: /"started":true/ } : noInstallation;
  }
  // every recorded create is of a tag: a ref run (test/e2e/ref-events.test.ts runs one)
  if (event === 'create') return payload['installation'] ? { status: 202, body: /"started":true/ } : noInstallation;
  // the two recorded merge groups are one group: the first starts its run
  if (event === 'merge_group') return { status: 202, body: index === 0 ? /"started":true/ : /"started":false/ };
  if (event === 'installation' || event === 'installation_repositories')
    return {
      status: 200,
      body: `ignored: ${event} ${String(action)} acknowledged: nothing to do, tokens are minted when needed\n`,
    };
  return { status: 200, body: `ignored: unknown event type ${event}\n` };
}

describe('the whole @octokit/webhooks-examples corpus through the API and a real Temporal server', () => {
  const examples = allExamples();
  let temporal: TestTemporal;
  let api: Listening | undefined;
  let baseUrl: string;
  const accepted = new Map<string, string>();
  const others: string[] = [];

  beforeAll(async () => {
    temporal = await startTestTemporal();
    const app = createApp({
      secret,
      appId,
      allowedInstallationIds: [],
      temporal: createTemporalGateway({ connection: temporal.connection, namespace: 'default', taskQueue }),
      logger: pino({ level: 'silent' }),
      isServing: () => true,
    });
    api = await listenOnLoopback(app);
    baseUrl = api.url;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await temporal?.close();
  });

  it(`answers each of the ${examples.length} examples as written down, never 5xx`, async () => {
    expect(examples.length).toBeGreaterThan(300);
    expect(new Set(examples.map((e) => e.event)).size).toBeGreaterThan(50);
    for (const example of examples) {
      const res = await postDelivery(baseUrl, await signedDelivery(secret, example.event, example.payload));
      const expected = expectedAnswer(example);
      const what = `${example.event}#${example.index} (${String(example.payload['action'])})`;
      expect({ what, status: res.status }).toEqual({ what, status: expected.status });
      expect(res.body, what).toMatch(expected.body);
      if (res.status === 202 && example.event === 'check_suite')
        accepted.set(what, (JSON.parse(res.body) as { workflowId: string }).workflowId);
      else if (res.status === 202) others.push(what);
    }
    expect(accepted.size).toBe(5);
    expect(new Set(accepted.values()).size).toBe(3);
    // 2 closed PRs, 7 PR builds with an installation, 1 tag, 2 merge group deliveries
    expect(others).toHaveLength(12);
  }, 120_000);

  it('holds one run per check suite and per re-request body, each carrying its payload as the event', async () => {
    const client = new Client({ connection: temporal.connection, namespace: 'default' });
    for (const workflowId of new Set(accepted.values())) {
      const handle = client.workflow.getHandle(workflowId);
      expect((await handle.describe()).type).toBe('ciRunWorkflow');
      const history = await handle.fetchHistory();
      const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      const input = defaultPayloadConverter.fromPayload<CiRunInput>(payload!);
      const carried = examples.filter((e) => JSON.stringify(e.payload) === JSON.stringify(input.event));
      expect(carried.map((e) => e.event)).toContain('check_suite');
      expect(input.trigger.sha).toBe((input.event!['check_suite'] as { head_sha: string }).head_sha);
      expect(workflowId).toMatch(
        /^ci\/Codertocat\/Hello-World\/[0-9a-f]{40}\/default\/(push-master|rerun-[0-9a-f]{16})$/,
      );
    }
  });

  it('maps replays of the same signed bodies with fresh delivery ids onto the runs that exist', async () => {
    const starters = examples.filter((e) => e.event === 'check_suite' && e.payload['action'] !== 'completed');
    for (const example of starters) {
      const res = await postDelivery(baseUrl, await signedDelivery(secret, example.event, example.payload));
      expect(res.status).toBe(202);
      expect(JSON.parse(res.body)).toMatchObject({ started: false });
    }
    const client = new Client({ connection: temporal.connection, namespace: 'default' });
    // visibility is eventually consistent: wait for the count to settle on the three runs
    await expect
      .poll(
        async () =>
          (
            await client.workflow.count(
              `WorkflowType = 'ciRunWorkflow' AND \`Trigger\` IN ('check_suite', 'check_suite_rerequested')`,
            )
          ).count,
        { timeout: 15_000 },
      )
      .toBe(3);
  });
});
