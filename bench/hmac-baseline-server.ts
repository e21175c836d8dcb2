import { verify } from '@octokit/webhooks-methods';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running baseline server: `url` takes the deliveries, `close` ends it and its connections. */
export interface HmacBaselineServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The least a webhook receiver can do: read the raw body, verify `x-hub-signature-256` over those bytes with
 * @octokit/webhooks-methods (the library kube-ci's API uses), answer 202 (401 on a bad signature). No JSON
 * parsing, no Temporal: `npm run bench:load` compares the API's acks with these at the same rate.
 */
export async function startHmacBaselineServer(secret: string): Promise<HmacBaselineServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const signature = req.headers['x-hub-signature-256'];
      const raw = Buffer.concat(chunks).toString('utf8');
      const check = typeof signature === 'string' ? verify(secret, raw, signature) : Promise.resolve(false);
      check.then(
        (valid) =>
          res.writeHead(valid ? 202 : 401, { 'content-type': 'text/plain' }).end(valid ? 'accepted' : 'bad signature'),
        () => res.writeHead(400).end('unverifiable signature'),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/github`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
