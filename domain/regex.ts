/** Outcome of compiling a Go RE2 pattern. */
export type CompiledRegex = { ok: true; re: RegExp } | { ok: false; error: string };

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/**
 * Compiles a Go RE2 pattern (config and annotation regexes, SPEC B 2.1) into a JS `RegExp`.
 * Patterns are unanchored unless they anchor themselves, as in Go.
 *
 * Translated: `(?P<name>…)` named groups, a leading `(?i)`/`(?s)`/`(?m)` flag group, `\A`, `\z`,
 * `\Q…\E` quoting and `[[:alpha:]]`-style POSIX classes. Rejected, because RE2 rejects them and JS
 * would silently accept them: lookarounds and backreferences. Never throws.
 */
export function compileRegex(source: string): CompiledRegex {
  const translated = translate(source);
  if (!translated.ok) return translated;
  for (const flags of [translated.flags + 'u', translated.flags]) {
    try {
      return { ok: true, re: new RegExp(translated.pattern, flags) };
    } catch (err) {
      // `u` is stricter than RE2 about some escapes; the retry without it decides.
      if (!flags.includes('u')) return { ok: false, error: `invalid regex \`${source}\`: ${(err as Error).message}` };
    }
  }
  return { ok: false, error: `invalid regex \`${source}\`` };
}

type Translation = { ok: true; pattern: string; flags: string } | { ok: false; error: string };

function translate(source: string): Translation {
  const fail = (what: string): Translation => ({
    ok: false,
    error: `invalid regex \`${source}\`: ${what} not supported (RE2)`,
  });
  let flags = '';
  let i = 0;
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (leading) {
    for (const flag of leading[1]!) {
      if (!'ism'.includes(flag)) return fail(`flag ${flag}`);
      if (!flags.includes(flag)) flags += flag;
    }
    i = leading[0].length;
  }
  let out = '';
  let inClass = false;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) return fail('backreference');
      if (next === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        const literal = source.slice(i + 2, end === -1 ? source.length : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end === -1 ? source.length : end + 2;
        continue;
      }
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && next === 'z') out += '$';
      else out += c + next;
      i += 2;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(source.slice(i));
      if (posix) {
        const chars = POSIX_CLASSES[posix[2]!];
        if (chars === undefined || posix[1] === '^') return fail(`class [:${posix[1]}${posix[2]}:]`);
        out += chars;
        i += posix[0].length;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      i += 1;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in RE2.
      const negated = source[i + 1] === '^';
      if (negated) out += '^';
      i += negated ? 2 : 1;
      if (source[i] === ']') {
        out += '\\]';
        i += 1;
      }
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const rest = source.slice(i + 2);
      if (/^(=|!|<=|<!)/.test(rest)) return fail('lookaround');
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 4;
        continue;
      }
      if (!rest.startsWith(':') && !rest.startsWith('<')) return fail('inline flag group');
    }
    out += c;
    i += 1;
  }
  return { ok: true, pattern: out, flags };
}
