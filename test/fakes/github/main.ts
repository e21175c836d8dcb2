/**
 * Standalone fake GitHub, for the dev playground (`npm run dev`) and crash tests.
 *
 *   tsx test/fakes/github/main.ts [port] [privateKeyFile]
 *
 * Port from argv[2] or FAKE_GITHUB_PORT (0 = any), App id from FAKE_GITHUB_APP_ID (default 29310, the App id
 * in @octokit/webhooks-examples), the generated App private key written (mode 0600) to argv[3] or
 * FAKE_GITHUB_KEY_FILE. Prints one JSON line: {"url", "appId", "privateKeyFile"}.
 * Besides the GitHub REST API it serves a control surface under `/_fake/` for other processes:
 *   POST /_fake/seed {payload, files}        → seedFromWebhookPayload → {installationId, owner, repo, sha}
 *   GET  /_fake/check-runs/{owner}/{repo}    → [{id, headSha, name, externalId, status, conclusion, statuses, detailsUrl, summary}]
 *   GET  /_fake/conversation/{owner}/{repo}  → {comments: [{id, issueNumber, body, user}], reactions: [...]}: what
 *                                              kube-ci said on issues and PRs (command replies, fork notices)
 *   GET  /_fake/schema-violations            → requests or responses outside GitHub's OpenAPI description
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { FakeGitHub } from './fake-github';
import { seedFromWebhookPayload } from './seed-from-webhook';
import type { CheckRunUpdate } from './state';
import { handleRequest } from './server';

const port = Number(process.argv[2] ?? process.env['FAKE_GITHUB_PORT'] ?? 0);
const appId = Number(process.env['FAKE_GITHUB_APP_ID'] ?? 29310);
const keyFileArg = process.argv[3] ?? process.env['FAKE_GITHUB_KEY_FILE'];
if (!keyFileArg) {
  process.stderr.write('fake GitHub: give the private key file as argv[3] or FAKE_GITHUB_KEY_FILE\n');
  process.exit(2);
}
const privateKeyFile = resolve(keyFileArg);

// `fake` needs the server's URL and the server needs `fake`: the handler only runs after listen, when it is set.
const server = createServer((req, res) => {
  // The control surface is routed first: it is not GitHub's API, so the OpenAPI validator never sees it.
  const handled = isControlRequest(req)
    ? handleControlRequest(fake, req, res)
    : handleRequest(fake.handler(), req, res);
  handled.catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: `fake GitHub crashed: ${String(error)}` }));
  });
});
await new Promise<void>((resolveListen) => server.listen(port, '127.0.0.1', resolveListen));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const fake = new FakeGitHub(server, url, appId);
// Written before the JSON line: whoever reads the line may hand the file to the worker at once.
writeFileSync(privateKeyFile, fake.privateKey, { mode: 0o600 });
chmodSync(privateKeyFile, 0o600); // `mode` applies only when the file is created
process.stdout.write(`${JSON.stringify({ url, appId, privateKeyFile })}\n`);

const shutdown = (): void => {
  void fake.close().finally(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

function isControlRequest(req: IncomingMessage): boolean {
  return (req.url ?? '').startsWith('/_fake/');
}

async function handleControlRequest(github: FakeGitHub, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', url).pathname;
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'POST' && path === '/_fake/seed') {
    const { payload, files } = JSON.parse(await readBody(req)) as { payload?: unknown; files?: Record<string, string> };
    try {
      return send(200, seedFromWebhookPayload(github, payload, files ?? {}));
    } catch (error) {
      return send(422, { message: String(error) });
    }
  }
  const checkRuns = /^\/_fake\/check-runs\/([^/]+)\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && checkRuns) {
    const [owner, repo] = [decodeURIComponent(checkRuns[1]!), decodeURIComponent(checkRuns[2]!)];
    if (!github.state.repo(owner, repo)) return send(404, { message: `no repository ${owner}/${repo}` });
    return send(
      200,
      github.checkRuns(owner, repo).map((run) => ({
        id: run.id,
        headSha: run.headSha,
        name: run.fields['name'],
        externalId: run.fields['external_id'] ?? null,
        status: run.fields['status'],
        conclusion: run.fields['conclusion'] ?? null,
        detailsUrl: run.fields['details_url'] ?? null,
        summary: (run.fields['output'] as { summary?: string } | undefined)?.summary ?? null,
        // every status the App set, in order: the transitions a person would have seen on GitHub
        statuses: run.history.map(statusAfter).filter((status) => status !== undefined),
      })),
    );
  }
  const conversation = /^\/_fake\/conversation\/([^/]+)\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && conversation) {
    const [owner, repo] = [decodeURIComponent(conversation[1]!), decodeURIComponent(conversation[2]!)];
    if (!github.state.repo(owner, repo)) return send(404, { message: `no repository ${owner}/${repo}` });
    return send(200, { comments: github.issueComments(owner, repo), reactions: github.reactions(owner, repo) });
  }
  if (req.method === 'GET' && path === '/_fake/schema-violations') return send(200, github.schemaViolations);
  return send(404, { message: `no control endpoint ${req.method} ${path}` });
}

/** The status an update set, as GitHub derives it: a conclusion completes the run, a create without one queues it. */
function statusAfter(update: CheckRunUpdate): unknown {
  if (update.body['status'] !== undefined) return update.body['status'];
  if (update.body['conclusion'] !== undefined) return 'completed';
  return update.method === 'POST' ? 'queued' : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
