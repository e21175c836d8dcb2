import { sign } from '@octokit/webhooks-methods';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface ExampleGroup {
  name: string;
  examples: Array<Record<string, unknown> & { action?: string }>;
}

/** A real webhook payload from @octokit/webhooks-examples, deep-copied so tests can adjust it. */
export function examplePayload(event: string, action?: string, index = 0): Record<string, any> {
  const groups = require('@octokit/webhooks-examples/api.github.com/index.json') as ExampleGroup[];
  const group = groups.find((g) => g.name === event);
  const matching = group?.examples.filter((e) => action === undefined || e.action === action) ?? [];
  const example = matching[index];
  if (!example) throw new Error(`no example for ${event}${action ? `.${action}` : ''} #${index}`);
  return structuredClone(example) as Record<string, any>;
}

export interface Delivery {
  id: string;
  event: string;
  body: string;
  headers: Record<string, string>;
}

/** Signs a payload exactly as GitHub does (HMAC-SHA256 of the raw body, `x-hub-signature-256`). */
export async function signedDelivery(
  secret: string,
  event: string,
  payload: unknown,
  id = randomUUID(),
): Promise<Delivery> {
  const body = JSON.stringify(payload);
  return {
    id,
    event,
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': id,
      'x-hub-signature-256': await sign(secret, body),
      'user-agent': 'GitHub-Hookshot/test',
    },
  };
}

export async function postDelivery(baseUrl: string, delivery: Delivery): Promise<{ status: number; body: string }> {
  const res = await fetch(`${baseUrl}/webhooks/github`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  return { status: res.status, body: await res.text() };
}
