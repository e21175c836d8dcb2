import { randomBytes } from 'node:crypto';
import { buildAndTest } from '../test/e2e/pipelines';
import { webhookSecret, type Stack } from '../test/e2e/stack';
import { seedFromWebhookPayload } from '../test/fakes/github';
import { examplePayload, signedDelivery } from '../test/support/webhook-delivery';

/**
 * For each of `count` delivery slots: -1 for a new delivery, or the slot of the earlier new delivery it
 * repeats. Redeliveries are spread evenly (`share` of the slots, never the first); slot i repeats the earlier
 * new delivery at (i × a large prime) mod how many there are, a fixed spread over recent and old ones, so a
 * benchmark run is repeatable and some redeliveries arrive while their original is still being started.
 */
export function redeliveryPlan(count: number, share: number): number[] {
  if (!(share >= 0 && share < 1)) throw new Error(`redelivery share must be in [0, 1), got ${share}`);
  const originals: number[] = [];
  const plan: number[] = [];
  for (let i = 0; i < count; i++) {
    const repeat = i > 0 && Math.floor((i + 1) * share) > Math.floor(i * share);
    if (repeat) plan.push(originals[(i * 7919) % originals.length]!);
    else {
      plan.push(-1);
      originals.push(i);
    }
  }
  return plan;
}

/** The deliveries of one rate's phase, in send order, and what they should produce. */
export interface LoadDeliveries {
  requests: Array<{ headers: Record<string, string>; body: string }>;
  /** per slot: whether it repeats an earlier delivery (same delivery id, same body) */
  redelivery: boolean[];
  /** the head sha of every new (unique) delivery: each must end up as exactly one run */
  uniqueShas: string[];
  /** per slot: the head sha its body carries */
  shaOfSlot: string[];
}

let suiteCounter = 0;

/**
 * Signed `check_suite.requested` deliveries (the real @octokit/webhooks-examples payload) with a fresh suite
 * id, head sha and branch each (`load-<tag>-<n>`: runs on one branch would supersede each other), their
 * commits seeded in the fake GitHub with the e2e pipeline; redeliveries per {@link redeliveryPlan}.
 */
export async function prepareLoadDeliveries(
  stack: Stack,
  count: number,
  share: number,
  tag: string,
): Promise<LoadDeliveries> {
  const plan = redeliveryPlan(count, share);
  const requests: LoadDeliveries['requests'] = [];
  const uniqueShas: string[] = [];
  const shaOfSlot: string[] = [];
  for (const repeats of plan) {
    if (repeats >= 0) {
      requests.push(requests[repeats]!);
      shaOfSlot.push(shaOfSlot[repeats]!);
      continue;
    }
    const n = suiteCounter++;
    const payload = examplePayload('check_suite', 'requested');
    payload['check_suite'].id = 8_000_000 + n;
    payload['check_suite'].head_sha = randomBytes(20).toString('hex');
    payload['check_suite'].head_branch = `load-${tag}-${n}`;
    seedFromWebhookPayload(stack.github, payload, { '.kube-ci/ci.yaml': buildAndTest, 'README.md': '# load' });
    const { headers, body } = await signedDelivery(webhookSecret, 'check_suite', payload);
    requests.push({ headers, body });
    uniqueShas.push(payload['check_suite'].head_sha as string);
    shaOfSlot.push(payload['check_suite'].head_sha as string);
  }
  return { requests, redelivery: plan.map((p) => p >= 0), uniqueShas, shaOfSlot };
}
