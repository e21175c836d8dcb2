import { describe, expect, it } from 'vitest';
import { compileRegex } from '../../domain/regex';
import { parseBool } from '../../domain/parse-bool';

function matches(source: string, text: string): boolean {
  const compiled = compileRegex(source);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.re.test(text);
}

describe('compileRegex', () => {
  it.each([
    ['master', 'my-master-x', true],
    ['^master$', 'my-master-x', false],
    ['^(production|staging)$', 'staging', true],
    ['', 'anything', true],
    ['^$', '', true],
    ['^$', 'x', false],
    ['(?i)^MAIN$', 'main', true],
    ['(?P<env>prod)', 'prod', true],
    ['\\Aab\\z', 'ab', true],
    ['\\Aab\\z', 'abc', false],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\Qa.b\\E', 'axb', false],
    ['^[[:digit:]]+$', '123', true],
    ['^[[:alpha:]_]+$', 'ab_c', true],
    ['^[[:alpha:]]+$', 'a1', false],
    ['^[]a]+$', ']a', true],
    ['release-\\d+', 'release-12', true],
    // Go's own semantics (re2js is a port of RE2): a flag group mid-pattern applies from there on.
    ['^a(?i)b$', 'aB', true],
    ['^a(?i)b$', 'AB', false],
    ['^\\pL+$', 'grün', true],
  ])('%j matches %j: %s', (source, text, expected) => {
    expect(matches(source, text)).toBe(expected);
  });

  it.each([
    // RE2 refuses lookarounds and backreferences, which a JS RegExp would silently accept.
    ['a(?=b)', 'invalid or unsupported Perl syntax'],
    ['a(?!b)', 'invalid or unsupported Perl syntax'],
    ['(?<=a)b', 'invalid named capture'],
    ['(?<!a)b', 'invalid named capture'],
    ['(a)\\1', 'invalid escape sequence'],
    ['(?<x>a)\\k<x>', 'invalid escape sequence'],
    ['(unclosed', 'missing closing )'],
    ['^[[:nope:]]$', 'invalid character class range'],
  ])('rejects %j (%s)', (source, reason) => {
    const compiled = compileRegex(source);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) {
      expect(compiled.error).toContain(reason);
      expect(compiled.error).toContain(source);
    }
  });

  it('does not mistake an escaped backslash before a digit for a backreference', () => {
    expect(matches('a\\\\1', 'a\\1')).toBe(true);
  });
});

describe('parseBool', () => {
  it.each(['1', 't', 'T', 'TRUE', 'true', 'True'])('%j is true', (v) => expect(parseBool(v)).toBe(true));
  it.each(['0', 'f', 'F', 'FALSE', 'false', 'False'])('%j is false', (v) => expect(parseBool(v)).toBe(false));
  it.each(['', 'yes', 'tRUE', ' true', 'no'])('%j is not a boolean', (v) => expect(parseBool(v)).toBeUndefined());
});
