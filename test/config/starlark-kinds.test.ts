import { describe, expect, it } from 'vitest';
import { isAllowedHost } from '../../activities/starlark/address-policy';
import { duration } from '../../config/kinds';
import { byteSize, httpsHostList, positive } from '../../config/starlark-kinds';

const parseHosts = (raw: unknown): string[] => {
  const parsed = httpsHostList.parse(raw);
  if (!parsed.ok) expect.fail(`expected ${JSON.stringify(raw)} to parse, got: ${parsed.error}`);
  return parsed.value;
};
const hostError = (raw: unknown): string => {
  const parsed = httpsHostList.parse(raw);
  if (parsed.ok) expect.fail(`expected ${JSON.stringify(raw)} to be refused, got ${JSON.stringify(parsed.value)}`);
  return parsed.error;
};

describe('httpsHostList', () => {
  it('takes a comma-separated string (env) or a YAML list, trimmed and lowercased; null is empty', () => {
    expect(parseHosts(' Raw.GitHubUserContent.com , *.Example.com:8443,')).toEqual([
      'raw.githubusercontent.com',
      '*.example.com:8443',
    ]);
    expect(parseHosts(['raw.example.com', '203.0.113.7'])).toEqual(['raw.example.com', '203.0.113.7']);
    expect(parseHosts(null)).toEqual([]);
  });

  it('accepts only entries the fetcher matches as documented', () => {
    const list = parseHosts('raw.example.com,*.cdn.example.org,files.example.net:8443');
    const allowed = (host: string, port = '') => isAllowedHost(host, port, list);
    expect(allowed('raw.example.com')).toBe(true);
    expect(allowed('RAW.example.com', '443')).toBe(true);
    expect(allowed('x.raw.example.com')).toBe(false); // exact host: no subdomains
    expect(allowed('a.cdn.example.org')).toBe(true);
    expect(allowed('a.b.cdn.example.org')).toBe(true); // any depth
    expect(allowed('cdn.example.org')).toBe(false); // not the domain itself
    expect(allowed('evilcdn.example.org')).toBe(false);
    expect(allowed('files.example.net', '8443')).toBe(true);
    expect(allowed('files.example.net')).toBe(false); // a port entry does not allow 443
    expect(allowed('raw.example.com', '8443')).toBe(false); // no port: 443 only
  });

  it.each([
    ['https://raw.example.com', 'without scheme or path'],
    ['raw.example.com/path', 'without scheme or path'],
    ['[2001:db8::1]', 'IPv6'],
    ['2001:db8::1', 'IPv6'],
    ['raw.example.com:0', 'port must be from 1 to 65535'],
    ['raw.example.com:70000', 'port must be from 1 to 65535'],
    ['raw.example.com:https', 'port must be from 1 to 65535'],
    ['a.*.example.com', 'only allowed as the whole first label'],
    ['*example.com', 'only allowed as the whole first label'],
    ['*', 'only allowed as the whole first label'],
    ['*.com', 'at least two labels'],
    ['raw_files.example.com', 'must be a host name'],
    ['example.com.', 'must be a host name'],
    ['-bad.example.com', 'must be a host name'],
    ['bücher.example', 'punycode'],
  ])('refuses %s (%s)', (entry, why) => {
    expect(hostError(entry)).toContain(why);
  });

  it('names every bad entry in one message, by position and as written', () => {
    const error = hostError(['ok.example.com', 'https://a.example.com', '', '*.com']);
    expect(error).toBe(
      'entry 2 "https://a.example.com": write the host only, without scheme or path (e.g. raw.example.com); ' +
        'entry 3 "": is empty; entry 4 "*.com": a wildcard needs at least two labels after it (*.example.com, not *.com)',
    );
  });

  it('refuses values that are not lists of strings', () => {
    expect(hostError({ host: 'a.example.com' })).toMatch(/^must be a list of strings/);
    expect(hostError([443])).toMatch(/^must be a list of strings/);
  });
});

describe('byteSize', () => {
  const size = byteSize(4 * 1024 ** 3, '4Gi');

  it('reads plain bytes and Ki/Mi/Gi suffixes', () => {
    expect(size.parse('4194304')).toEqual({ ok: true, value: 4194304 });
    expect(size.parse(1024)).toEqual({ ok: true, value: 1024 });
    expect(size.parse('512Ki')).toEqual({ ok: true, value: 512 * 1024 });
    expect(size.parse(' 4Mi ')).toEqual({ ok: true, value: 4 * 1024 * 1024 });
    expect(size.parse('4Gi')).toEqual({ ok: true, value: 4 * 1024 ** 3 });
  });

  it.each(['0', '0Mi', '-1', '4.5Mi', '4MB', '4 Mi', '5Gi', '', true, null])('refuses %j', (raw) => {
    const parsed = size.parse(raw);
    expect(parsed).toEqual({ ok: false, error: expect.stringMatching(/^must be a byte size from 1 to 4Gi/) });
  });
});

describe('positive duration', () => {
  const timeout = positive(duration);

  it('keeps durations above zero and refuses zero', () => {
    expect(timeout.parse('1m30s')).toEqual({ ok: true, value: 90_000 });
    expect(timeout.parse('0s')).toEqual({ ok: false, error: 'must be more than zero, got "0s"' });
    expect(timeout.parse('soon')).toEqual({ ok: false, error: expect.stringMatching(/^must be a duration/) });
  });
});
