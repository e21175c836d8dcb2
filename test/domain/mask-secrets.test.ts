import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../domain/mask-secrets';
import { publicErrorMessage } from '../../domain/public-error-message';

describe('maskSecrets', () => {
  it.each([
    ['a given value', 'deploying with hunter22 now', ['hunter22'], 'deploying with *** now'],
    [
      'each line of a multi-line value',
      'line one: s3cr3t-a\nline two: s3cr3t-b',
      ['s3cr3t-a\ns3cr3t-b'],
      'line one: ***\nline two: ***',
    ],
    ['the longer of two overlapping values whole', 'key=abcd1234efgh', ['abcd1234', 'abcd1234efgh'], 'key=***'],
    ['no value shorter than 4 characters', 'a b on off', ['a', 'on'], 'a b on off'],
    ['a personal access token', 'using ghp_0123456789abcdefghijABCDEFGHIJ0123 for clone', [], 'using *** for clone'],
    [
      'an installation token',
      'x-access-token:ghs_16C7e42F292c6912E7710c838347Ae178B4a@github.com',
      [],
      'x-access-token:***@github.com',
    ],
    ['an OAuth token', 'gho_16C7e42F292c6912E7710c838347Ae178B4a', [], '***'],
    ['a fine-grained token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', [], '***'],
    ['a JWT', 'jwt eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJl done', [], 'jwt *** done'],
    ['a bearer credential', 'Authorization: Bearer abc.DEF-123_xyz=', [], 'Authorization: Bearer ***'],
    ['an AWS access key id', 'aws AKIAIOSFODNN7EXAMPLE ok', [], 'aws *** ok'],
    ['an AWS secret assignment', 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG', [], 'aws_secret_access_key=***'],
    ['password=…', 'mysql --password=pa55w0rd --user=root', [], 'mysql --password=*** --user=root'],
    ['a quoted JSON secret', '{"client_secret": "abc123xyz"}', [], '{"client_secret": "***"}'],
    [
      'a password in a URL',
      'cloning https://bob:pa55@git.example.com/x.git',
      [],
      'cloning https://bob:***@git.example.com/x.git',
    ],
    [
      'a PEM private key',
      'k=-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY----- end',
      [],
      'k=*** end',
    ],
  ])('masks %s', (_what, text, values, expected) => {
    expect(maskSecrets(text, values)).toBe(expected);
  });

  it.each([
    'src/a.go:12: undefined: tokenizer',
    'Bearer authentication failed for the registry',
    'expected 1, got 2',
    'passwords must match',
    'secret not found',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(maskSecrets(text)).toBe(text);
  });

  // a quadratic pattern took 13 s on one of these 60 KB lines; linear ones take milliseconds
  it.each([
    ['a-a-a-…', 'a-'.repeat(32_000)],
    ['a.a.a.…', 'a.'.repeat(32_000)],
    ['1.1.1.…', '1.'.repeat(32_000)],
    ['eyJ… parts', 'eyJaaaa.'.repeat(8_000)],
    ['[::::…', '[' + ':'.repeat(64_000)],
    ['http://x:…', 'http://x:'.repeat(7_000)],
  ])('masks and summarises a 64 KB line of %s in linear time', (_what, line) => {
    const started = performance.now();
    maskSecrets(line, ['hunter22']);
    publicErrorMessage(line);
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});
