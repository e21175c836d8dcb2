import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameOriginFetch } from '../../../activities/github/same-origin-fetch';

const seen: { server: string; path: string; headers: IncomingHttpHeaders }[] = [];
let api: Server;
let elsewhere: Server;
let apiUrl: string;
let elsewhereUrl: string;

async function listen(
  name: string,
  handle: (path: string) => { status: number; location?: string },
): Promise<[Server, string]> {
  const server = createServer((req, res) => {
    seen.push({ server: name, path: req.url ?? '', headers: req.headers });
    const { status, location } = handle(req.url ?? '');
    res.writeHead(status, location ? { location } : {});
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
}

beforeAll(async () => {
  [elsewhere, elsewhereUrl] = await listen('elsewhere', () => ({ status: 200 }));
  [api, apiUrl] = await listen('api', (path) =>
    path === '/moved'
      ? { status: 301, location: '/repos/new' }
      : path === '/away'
        ? { status: 302, location: `${elsewhereUrl}/file` }
        : { status: 200 },
  );
});
afterAll(() => {
  api.close();
  elsewhere.close();
});

describe('sameOriginFetch', () => {
  const headers = { authorization: 'token ghs_secret' };

  it('follows same-origin redirects with the token', async () => {
    seen.length = 0;
    const response = await sameOriginFetch(apiUrl)(`${apiUrl}/moved`, { headers });
    expect(response.status).toBe(200);
    expect(seen.map((s) => [s.server, s.path, s.headers.authorization])).toEqual([
      ['api', '/moved', 'token ghs_secret'],
      ['api', '/repos/new', 'token ghs_secret'],
    ]);
  });

  it('never sends the token to another host', async () => {
    seen.length = 0;
    await sameOriginFetch(apiUrl)(`${apiUrl}/away`, { headers });
    await sameOriginFetch(apiUrl)(`${elsewhereUrl}/direct`, { headers });
    expect(seen.map((s) => [s.server, s.path, s.headers.authorization])).toEqual([
      ['api', '/away', 'token ghs_secret'],
      ['elsewhere', '/file', undefined],
      ['elsewhere', '/direct', undefined],
    ]);
  });
});
