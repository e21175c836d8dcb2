import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { ModuleUnavailable } from '../../pipeline/module-sources';
import { isAllowedHost, isForbiddenAddress } from './address-policy';

export interface HttpsFetchOptions {
  /** hosts scripts may load from (see isAllowedHost); empty: every https:// load is refused */
  allowedHosts: readonly string[];
  /** bodies larger than this are refused without being read to the end */
  maxBytes: number;
  /** per request, redirects included */
  timeoutMs: number;
  maxRedirects?: number;
  /**
   * TESTS ONLY: lets a local test server on 127.0.0.1 be reached. Never set in production: it reopens
   * the SSRF hole G21 closes (cluster services, the cloud metadata endpoint).
   */
  allowPrivateAddressesForTests?: boolean;
  /** extra trusted CA certificates (PEM), e.g. a test server's self-signed one */
  ca?: string;
}

export type HttpsFetcher = (url: string) => Promise<string | null>;

/**
 * GETs an https:// file for a Starlark script (G21). No credentials are ever sent (this is not the GitHub
 * client); the host must be on the allow-list; every redirect is checked again; the connection goes only
 * to an address checked after DNS resolution (the checked address is the one dialled, so a DNS answer
 * that changes between check and connect cannot slip through). 404 → null (not found); other refusals are
 * the script author's to fix (ModuleUnavailable); 5xx, 429, timeouts and network errors are transient.
 */
export function createHttpsFetcher(options: HttpsFetchOptions): HttpsFetcher {
  const maxRedirects = options.maxRedirects ?? 5;
  return async function fetchHttps(start: string): Promise<string | null> {
    let url = new URL(start);
    for (let hop = 0; ; hop++) {
      checkUrl(url, options);
      const response = await get(url, options);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        if (hop >= maxRedirects) throw new ModuleUnavailable(`more than ${maxRedirects} redirects`);
        url = new URL(response.headers.location, url);
        continue;
      }
      if (status === 404) {
        response.resume();
        return null;
      }
      if (status === 200) return await readBody(response, options.maxBytes);
      response.resume();
      if (status >= 500 || status === 429) throw new Error(`https ${url.href} answered ${status}`);
      throw new ModuleUnavailable(`invalid HTTP status code, ${status}`);
    }
  };
}

function checkUrl(url: URL, options: HttpsFetchOptions): void {
  if (url.protocol !== 'https:') throw new ModuleUnavailable(`${url.href}: only https:// may be loaded`);
  if (url.username || url.password) throw new ModuleUnavailable(`${url.href}: credentials in URLs are not sent`);
  if (!isAllowedHost(url.hostname, url.port, options.allowedHosts)) {
    throw new ModuleUnavailable(
      `host ${url.host} is not in the https allow-list (KUBECI_STARLARK_HTTPS_HOSTS, or starlark.httpsAllowedHosts in the kube-ci config)`,
    );
  }
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) !== 0) refuseForbidden(url.host, literal, options);
}

function refuseForbidden(host: string, address: string, options: HttpsFetchOptions): void {
  if (!options.allowPrivateAddressesForTests && isForbiddenAddress(address)) {
    throw new ModuleUnavailable(`host ${host} resolves to ${address}, a private, loopback or reserved address`);
  }
}

/** A DNS lookup that only ever returns checked addresses. */
function checkedLookup(host: string, options: HttpsFetchOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { all: true, family: lookupOptions.family ?? 0 }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      try {
        for (const a of addresses) refuseForbidden(host, a.address, options);
      } catch (refusal) {
        return callback(refusal as NodeJS.ErrnoException, '', 4);
      }
      const first = addresses[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 4);
      if (lookupOptions.all) return callback(null, addresses as never, first.family);
      callback(null, first.address, first.family);
    });
  };
}

function get(url: URL, options: HttpsFetchOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      headers: { 'user-agent': 'kube-ci-starlark', accept: '*/*' },
      lookup: checkedLookup(url.host, options),
      // a fresh connection every time: a pooled socket would skip the checked lookup
      agent: false,
      timeout: options.timeoutMs,
      ...(options.ca ? { ca: options.ca } : {}),
    });
    req.on('response', resolve);
    req.on('timeout', () => req.destroy(new Error(`https ${url.href} timed out after ${options.timeoutMs} ms`)));
    req.on('error', (err) => reject(err instanceof ModuleUnavailable ? err : unwrapRefusal(err)));
    req.end();
  });
}

/** Node wraps lookup errors; a refusal must stay a ModuleUnavailable so it is not retried. */
function unwrapRefusal(err: Error): Error {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof ModuleUnavailable ? cause : err;
}

async function readBody(response: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(response.headers['content-length'] ?? NaN);
  if (declared > maxBytes) {
    response.destroy();
    throw new ModuleUnavailable(`file is ${declared} bytes, more than the limit of ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      response.destroy();
      throw new ModuleUnavailable(`file is more than the limit of ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
