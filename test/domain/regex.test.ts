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
  ])('%j matches %j: %s', (source, text, expected) => {
    expect(matches(source, text)).toBe(expected);
  });

  it.each([
    ['a(?=b)', 'lookaround'],
    ['a(?!b)', 'lookaround'],
    ['(?<=a)b', 'lookaround'],
    ['(?<!a)b', 'lookaround'],
    ['(a)\\1', 'backreference'],
    ['(?<x>a)\\k<x>', 'backreference'],
    ['a(?i)b', 'inline flag group'],
    ['(?U)a', 'flag U'],
    ['(unclosed', 'Unterminated group'],
    ['^[[:nope:]]$', 'class [:nope:]'],
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
