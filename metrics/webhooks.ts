/** Webhook metrics, counted by the API (api/github-webhook.ts). */
import { Counter, Histogram } from 'prom-client';
import { LATENCY_BUCKETS, registry } from './registry';

/** Every answered webhook: `event` is X-GitHub-Event once the signature verified (else `unverified`), `status` the HTTP status. */
export const webhooksTotal = new Counter({
  name: 'kubeci_webhooks_total',
  help: 'Webhook deliveries answered, by event (X-GitHub-Event; unverified when the signature did not verify) and HTTP status',
  labelNames: ['event', 'status'] as const,
  registers: [registry],
});

/** From the delivery's arrival to Temporal accepting the start of a new CI run (a run that already existed is not counted). */
export const webhookToRunStartSeconds = new Histogram({
  name: 'kubeci_webhook_to_run_start_seconds',
  help: 'Seconds from a webhook arriving to Temporal accepting the start of the CI run it asked for, by event',
  labelNames: ['event'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

/** The event label of a delivery: only verified deliveries name their event, so forged ones cannot add series. */
export const UNVERIFIED_EVENT = 'unverified';
