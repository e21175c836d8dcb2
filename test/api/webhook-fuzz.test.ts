/**
 * Fuzzing the webhook intake with fast-check: mutated `@octokit/webhooks-examples` payloads (every example
 * of every event), signed with the real HMAC scheme, go through the real express app over real HTTP.
 * The app must never answer 5xx or crash, must start a run exactly when the payload parses to a trigger
 * (and the org filter lets it in), and what it starts must keep the limits of Temporal, Kubernetes and
 * Argo (SPEC B §21 N8, L4).
 *
 * Runs: `KUBECI_FUZZ_RUNS` (default 1000: about 7 s of CPU, 10–25 s on a busy 2-core machine);
 * `npm run test:fuzz` runs 10,000. A failure prints its seed; `KUBECI_FUZZ_SEED=<seed>` replays it.
 */
import { sign } from '@octokit/webhooks-methods';
import fc from 'fast-check';
import { createHash, randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { RecordingGateway } from '../support/recording-gateway';
import { EVENT_OMITTED_KEY, MAX_EVENT_DEPTH, nestsDeeperThan } from '../../api/webhook-body';
import { workflowIdFor } from '../../domain/ids';
import { labelSafe } from '../../domain/label-safe';
import { planArgoWorkflow } from '../../domain/plan-argo-workflow';
import { wfName } from '../../domain/wf-name';
import { parseWebhook, type WebhookDecision } from '../../domain/webhook-event';
import { pipeline, settingsWith, triggerWith } from '../domain/fixtures';
import { allExamples, mutatedDelivery, type MutatedDelivery } from '../support/payload-mutations';
import { expectLabelValue, expectRunnable, expectValidWorkflowName, type Start } from './fuzz-invariants';
import { listenOnLoopback, type Listening } from '../support/listen';

const runs = Number(process.env['KUBECI_FUZZ_RUNS'] ?? 1000);
/** fast-check prints the seed of a failing run; `KUBECI_FUZZ_SEED=<seed>` replays it */
const seed = process.env['KUBECI_FUZZ_SEED'] === undefined ? {} : { seed: Number(process.env['KUBECI_FUZZ_SEED']) };
const secret = 'fuzz-secret';
const appId = 29310; // the App of most check_suite/check_run examples
const maxEventInputBytes = 64 * 1024;
const allowedOrgs = /^(?:Codertocat|Octocoders|someuser)$/;

describe('webhook intake under fuzzing', () => {
  const examples = allExamples();
  const gateway = new RecordingGateway();
  let api: Listening | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    const app = createApp({
      secret,
      appId,
      allowedInstallationIds: [],
      allowedOrgs,
      temporal: gateway,
      logger: pino({ level: 'silent' }),
      isServing: () => true,
      maxEventInputBytes,
    });
    api = await listenOnLoopback(app);
    baseUrl = api.url;
  });
  afterAll(async () => await api?.close());

  it(
    `answers ${runs} mutated, signed payloads from all ${examples.length} examples without a 5xx, starting exactly the triggers`,
    async () => {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(mutatedDelivery(examples, appId), async (delivery) => {
          const before = gateway.starts.length;
          const clicksBefore = gateway.clicks.length;
          const clearsBefore = gateway.cacheClears.length;
          const noticesBefore = gateway.forkNotices.length;
          const sent = await send(baseUrl, delivery);
          statuses.set(sent.status, (statuses.get(sent.status) ?? 0) + 1);
          expect(sent.status, `${delivery.from}: ${sent.text}`).toBeLessThan(500);
          const expected = expectedAnswer(delivery, sent);
          expect({ status: sent.status, text: sent.text }).toEqual(expected.answer);
          const started = gateway.starts.slice(before);
          const clicked = gateway.clicks.slice(clicksBefore);
          const cleared = gateway.cacheClears.slice(clearsBefore);
          const noticed = gateway.forkNotices.slice(noticesBefore).map((n) => n.notice);
          const { decision } = expected;
          const notice = decision?.kind === 'fork-notice' && expected.answer.status === 202 ? [decision.notice] : [];
          expect(noticed).toEqual(notice);
          if (expected.decision?.kind === 'clear-caches' && expected.answer.status === 202) {
            expect([started, clicked]).toEqual([[], []]);
            expect(cleared.map((c) => c.request)).toEqual([expected.decision.request]);
            return;
          }
          expect(cleared).toEqual([]);
          if (expected.decision?.kind === 'manual-step' && expected.answer.status === 202) {
            expect(started).toEqual([]);
            expect(clicked.map((c) => c.trigger)).toEqual([expected.decision.press.trigger]);
            return;
          }
          expect(clicked).toEqual([]);
          if (expected.decision?.kind !== 'start-run' || expected.answer.status !== 202) {
            expect(started).toEqual([]);
            return;
          }
          expect(started).toHaveLength(1);
          const start = started[0]!;
          expect(start.trigger).toEqual(expected.decision.trigger);
          expect(start.runKey).toBe(expected.decision.runKey);
          const parsed: unknown = JSON.parse(sent.json);
          const omitted = sent.jsonBytes > maxEventInputBytes || nestsDeeperThan(parsed, MAX_EVENT_DEPTH);
          expect(start.event).toEqual(omitted ? { [EVENT_OMITTED_KEY]: expect.any(String) } : parsed);
          expectRunnable(start, plan(start));
        }),
        { numRuns: runs, ...seed },
      );
      // the fuzz must reach every answer, or it is not testing the paths behind them
      for (const status of [200, 202, 400, 403])
        expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
      expect(statuses.get(202)!).toBeGreaterThan(runs / 50);
    },
    60_000 + runs * 60,
  );
});

describe('parse and naming functions under fuzzing', () => {
  const text = fc.string({ unit: 'binary', maxLength: 120 });

  it('parseWebhook never throws on any JSON, under any event name', () => {
    const name = fc.oneof(
      fc.constantFrom(
        'check_suite',
        'check_run',
        'deployment',
        'ping',
        'delete',
        'repository',
        'issue_comment',
        'issues',
        'pull_request',
        'create',
        'merge_group',
        'installation',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(name, fc.jsonValue(), text, (event, payload, digest) => {
        const decision = parseWebhook({ name: event, deliveryId: 'd', payload, bodyDigest: digest, appId });
        expect([
          'ignored',
          'start-run',
          'start-ref-run',
          'manual-step',
          'clear-caches',
          'cancel-runs',
          'comment-command',
          'fork-notice',
        ]).toContain(decision.kind);
      }),
      { numRuns: runs, ...seed },
    );
  });

  it('N8: any four strings give a valid, non-empty Argo name (seeds and corpus of the original)', () => {
    fc.assert(
      fc.property(text, text, text, text, text, (org, repo, entrypoint, ref, salt) => {
        const name = wfName({ org, repo, entrypoint, ref, salt });
        expect(name).not.toBe('');
        expectValidWorkflowName(name);
      }),
      {
        numRuns: runs,
        ...seed,
        examples: [
          ['myorg', 'myrepo', '', 'master', 's'],
          ['myorg', 'myrepo', 'deploy', 'master', 's'],
          ['0', '0', 'A ', '0', 's'],
        ],
      },
    );
  });

  it('L4: any string split on "," gives "" or a valid label value (seeds and corpus of the original)', () => {
    const erbc = 'ERBC-96-post-release-stripping-of-locale-null-from-the-db';
    expect(labelSafe(...''.split(','))).toBe('');
    expect(labelSafe(...('A' + '0'.repeat(50)).split(','))).toBe('');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (given) => {
        const value = labelSafe(...given.split(','));
        expectLabelValue(value);
        if (value !== '') expectValidWorkflowName(value);
      }),
      { numRuns: runs, ...seed, examples: [['tcolgate'], ['tcolgate,something'], [erbc]] },
    );
  });

  it('workflow ids stay within 1000 characters and URI-safe for any names', () => {
    fc.assert(
      fc.property(
        text,
        text,
        text,
        text,
        fc.string({ unit: 'binary', maxLength: 2000 }),
        (owner, name, ref, entrypoint, key) => {
          const id = workflowIdFor(triggerWith({ repo: { owner, name }, ref, entrypoint }), key);
          expect(id.length).toBeLessThanOrEqual(1000);
          expect(id).toMatch(/^ci\/[A-Za-z0-9\-_.!~*'()%/]+$/);
        },
      ),
      { numRuns: runs, ...seed },
    );
  });
});

interface Sent {
  status: number;
  text: string;
  /** the JSON text of the payload and its UTF-8 size */
  json: string;
  jsonBytes: number;
  digest: string;
  deliveryId: string;
}

async function send(baseUrl: string, delivery: MutatedDelivery): Promise<Sent> {
  const json = JSON.stringify(delivery.payload) ?? 'null';
  const body = delivery.form ? new URLSearchParams({ payload: json }).toString() : json;
  const deliveryId = randomUUID();
  const res = await fetch(`${baseUrl}/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': delivery.form ? 'application/x-www-form-urlencoded' : 'application/json',
      'x-github-event': delivery.event,
      'x-github-delivery': deliveryId,
      'x-hub-signature-256': await sign(secret, body),
    },
    body,
  });
  return {
    status: res.status,
    text: await res.text(),
    json,
    jsonBytes: Buffer.byteLength(json),
    digest: createHash('sha256').update(body).digest('hex'),
    deliveryId,
  };
}

/** What the app must answer, decided from the payload by the domain parser and the filters. */
function expectedAnswer(
  delivery: MutatedDelivery,
  sent: Sent,
): { answer: { status: number; text: string }; decision?: WebhookDecision } {
  const payload: unknown = JSON.parse(sent.json);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { answer: { status: 400, text: expect.stringMatching(/^could not parse request: a webhook payload is/) } };
  const decision = parseWebhook({
    name: delivery.event,
    deliveryId: sent.deliveryId,
    payload,
    bodyDigest: sent.digest,
    appId,
  });
  if (decision.kind === 'ignored') return { answer: { status: 200, text: `ignored: ${decision.reason}\n` }, decision };
  const owner =
    decision.kind === 'clear-caches' || decision.kind === 'comment-command'
      ? decision.request.repo.owner
      : decision.kind === 'cancel-runs'
        ? decision.selector.repo.owner
        : decision.kind === 'fork-notice'
          ? decision.notice.repo.owner
          : (decision.kind === 'manual-step' ? decision.press.trigger : decision.trigger).repo.owner;
  if (!allowedOrgs.test(owner))
    return { answer: { status: 403, text: `refusing event from untrusted org ${wellFormed(owner)}\n` }, decision };
  const answered =
    decision.kind === 'manual-step' ? '"kind"' : decision.kind === 'cancel-runs' ? '"cancelled"' : '"workflowId"';
  return { answer: { status: 202, text: expect.stringContaining(answered) }, decision };
}

/** What a string becomes on the wire: UTF-8 has no lone surrogates, they arrive as U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** The Argo Workflow and cache volume a run of this trigger would submit, with a cache so both are named. */
function plan(start: Start) {
  const { trigger } = start;
  const repo = {
    owner: trigger.repo.owner,
    name: trigger.repo.name,
    sshUrl: '',
    gitUrl: '',
    cloneUrl: '',
    defaultBranch: 'main',
    htmlUrl: '',
  };
  const settings = settingsWith({ cacheDefaults: { scope: 'branch', size: '1Gi', storageClassName: '' } });
  const workflow = pipeline();
  return planArgoWorkflow({ trigger, repo, settings, workflow, salt: start.workflowId });
}
