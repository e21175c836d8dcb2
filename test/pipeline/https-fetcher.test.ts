import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowedHost, isForbiddenAddress } from '../../activities/starlark/address-policy';
import { createHttpsFetcher, type HttpsFetchOptions } from '../../activities/starlark/https-fetcher';
import { ModuleUnavailable } from '../../pipeline/module-sources';

let server: Server;
let port: number;
let cert: string;
const seenHeaders: Record<string, unknown>[] = [];

beforeAll(async () => {
  // a self-signed certificate for localhost and 127.0.0.1, made for this run
  const dir = mkdtempSync(join(tmpdir(), 'kube-ci-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const key = readFileSync(join(dir, 'key.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  server = createServer({ key, cert }, (req, res) => {
    seenHeaders.push({ ...req.headers });
    const routes: Record<string, () => void> = {
      '/ok.star': () => res.end('x = 1\n'),
      '/missing.star': () => res.writeHead(404).end(),
      '/forbidden.star': () => res.writeHead(403).end(),
      '/flaky.star': () => res.writeHead(503).end(),
      '/big.star': () => res.end('y'.repeat(2048)),
      '/to-ok': () => res.writeHead(302, { location: '/ok.star' }).end(),
      '/to-ip': () => res.writeHead(302, { location: `https://127.0.0.1:${port}/ok.star` }).end(),
      '/to-http': () => res.writeHead(301, { location: `http://localhost:${port}/ok.star` }).end(),
      '/loop': () => res.writeHead(302, { location: '/loop' }).end(),
    };
    (routes[req.url ?? ''] ?? (() => res.writeHead(500).end()))();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const fetcher = (overrides: Partial<HttpsFetchOptions> = {}) =>
  createHttpsFetcher({
    allowedHosts: [`localhost:${port}`],
    maxBytes: 1024,
    timeoutMs: 2_000,
    allowPrivateAddressesForTests: true,
    ca: cert,
    ...overrides,
  });
const url = (path: string) => `https://localhost:${port}${path}`;

describe('https fetcher (G21)', () => {
  it('reads an allowed file and sends no credentials', async () => {
    seenHeaders.length = 0;
    expect(await fetcher()(url('/ok.star'))).toBe('x = 1\n');
    expect(seenHeaders[0]).not.toHaveProperty('authorization');
    expect(seenHeaders[0]).not.toHaveProperty('cookie');
  });

  it('gives null for 404, a user error for 403, a transient error for 503', async () => {
    expect(await fetcher()(url('/missing.star'))).toBeNull();
    await expect(fetcher()(url('/forbidden.star'))).rejects.toThrow(
      new ModuleUnavailable('invalid HTTP status code, 403'),
    );
    const flaky = await fetcher()(url('/flaky.star')).catch((e: unknown) => e);
    expect(flaky).toBeInstanceOf(Error);
    expect(flaky).not.toBeInstanceOf(ModuleUnavailable);
  });

  it('refuses hosts outside the allow-list, and a port the entry does not name', async () => {
    await expect(fetcher({ allowedHosts: ['example.com'] })(url('/ok.star'))).rejects.toThrow(
      /not in the https allow-list/,
    );
    await expect(fetcher({ allowedHosts: ['localhost'] })(url('/ok.star'))).rejects.toThrow(
      /not in the https allow-list/,
    );
  });

  it('refuses loopback after DNS resolution unless the test-only switch is on', async () => {
    const refused = await fetcher({ allowPrivateAddressesForTests: false })(url('/ok.star')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ModuleUnavailable);
    expect(String(refused)).toMatch(/resolves to (127\.0\.0\.1|::1), a private, loopback or reserved address/);
    await expect(
      fetcher({ allowedHosts: [`127.0.0.1:${port}`], allowPrivateAddressesForTests: false })(
        `https://127.0.0.1:${port}/ok.star`,
      ),
    ).rejects.toThrow(/private, loopback/);
  });

  it('follows redirects only to allowed https hosts', async () => {
    expect(await fetcher()(url('/to-ok'))).toBe('x = 1\n');
    await expect(fetcher()(url('/to-ip'))).rejects.toThrow(`host 127.0.0.1:${port} is not in the https allow-list`);
    await expect(fetcher()(url('/to-http'))).rejects.toThrow(/only https:\/\/ may be loaded/);
    await expect(fetcher()(url('/loop'))).rejects.toThrow(/more than 5 redirects/);
  });

  it('refuses a body over the size limit', async () => {
    await expect(fetcher()(url('/big.star'))).rejects.toThrow(/more than the limit of 1024/);
  });
});

describe('address policy', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    'not-an-ip',
  ])('forbids %s', (a) => expect(isForbiddenAddress(a)).toBe(true));
  it.each(['8.8.8.8', '140.82.112.3', '2606:4700::1111'])('allows %s', (a) =>
    expect(isForbiddenAddress(a)).toBe(false),
  );
  it('matches allow-list entries by host, wildcard and port', () => {
    expect(isAllowedHost('raw.example.com', '', ['raw.example.com'])).toBe(true);
    expect(isAllowedHost('a.b.example.com', '', ['*.example.com'])).toBe(true);
    expect(isAllowedHost('example.com', '', ['*.example.com'])).toBe(false);
    expect(isAllowedHost('evilexample.com', '', ['*.example.com'])).toBe(false);
    expect(isAllowedHost('raw.example.com', '8443', ['raw.example.com'])).toBe(false);
    expect(isAllowedHost('raw.example.com', '8443', ['raw.example.com:8443'])).toBe(true);
  });
});
