import { describe, expect, it } from 'vitest';
import { boolean, duration, hostPort, httpUrl, port, regex, stringMap } from '../../config/kinds';
import { dnsName, labelValue } from '../../config/names';

const value = <T>(parsed: { ok: true; value: T } | { ok: false; error: string }) =>
  parsed.ok ? parsed.value : `error: ${parsed.error}`;

describe('config value kinds', () => {
  it.each([
    ['2s', 2000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
  ])('reads the Go duration %s as %d ms', (text, ms) => {
    expect(value(duration.parse(text))).toBe(ms);
  });

  it('refuses durations without a unit', () => {
    expect(duration.parse('10').ok).toBe(false);
  });

  it('reads booleans the way Go flags did', () => {
    expect(['true', 'T', '1', 'false', 'f', '0', true].map((raw) => value(boolean.parse(raw)))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      true,
    ]);
    expect(boolean.parse('yes').ok).toBe(false);
  });

  it('checks ports and host:port addresses', () => {
    expect([value(port.parse('8080')), port.parse('0').ok, port.parse('65536').ok, port.parse(80.5).ok]).toEqual([
      8080,
      false,
      false,
      false,
    ]);
    expect(['temporal:7233', '[::1]:7233', '10.0.0.1:443'].map((a) => hostPort.parse(a).ok)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['temporal', 'http://temporal:7233', 'temporal:99999'].map((a) => hostPort.parse(a).ok)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('accepts only absolute http(s) URLs and drops trailing slashes', () => {
    expect(value(httpUrl.parse('https://ghe.example.com/api/v3/'))).toBe('https://ghe.example.com/api/v3');
    expect(httpUrl.parse('/relative').ok).toBe(false);
    expect(httpUrl.parse('file:///etc/passwd').ok).toBe(false);
  });

  it('accepts RE2 syntax and rejects what RE2 rejects', () => {
    expect(value(regex.parse('(?P<env>prod|staging)'))).toBe('(?P<env>prod|staging)');
    expect(regex.parse('(?=lookahead)').ok).toBe(false);
    expect(regex.parse('[unclosed').ok).toBe(false);
  });

  it('turns YAML scalars in a string map into strings, as Kubernetes labels need', () => {
    expect(value(stringMap.parse({ ci: true, tier: 2, zone: 'a' }))).toEqual({ ci: 'true', tier: '2', zone: 'a' });
    expect(stringMap.parse({ nested: { a: 1 } }).ok).toBe(false);
  });

  it('checks Kubernetes names', () => {
    expect([dnsName.parse('argo').ok, dnsName.parse('Argo').ok, dnsName.parse('ci.example.com').ok]).toEqual([
      true,
      false,
      true,
    ]);
    expect([labelValue.parse('kube-ci').ok, labelValue.parse('-bad').ok, labelValue.parse('x'.repeat(64)).ok]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
