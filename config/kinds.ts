/**
 * Value kinds of the configuration schema. Each kind turns a raw value (a YAML value from a file, or a
 * string from the environment or a flag) into a typed value or an error message without the source:
 * the loader prefixes the source and key.
 */
import { compileRegex } from '../domain/regex';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface Kind<T> {
  /** shown in docs/configuration.md */
  label: string;
  parse(raw: unknown): Parsed<T>;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });
const show = (raw: unknown): string => JSON.stringify(raw) ?? String(raw);

export const text: Kind<string> = {
  label: 'string',
  parse: (raw) =>
    typeof raw === 'string'
      ? ok(raw)
      : typeof raw === 'number'
        ? ok(String(raw))
        : fail(`must be a string, got ${show(raw)}`),
};

function integerIn(label: string, min: number, max: number): Kind<number> {
  return {
    label,
    parse(raw) {
      const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
        return fail(
          `must be an integer${max === Number.MAX_SAFE_INTEGER ? ` >= ${min}` : ` from ${min} to ${max}`}, got ${show(raw)}`,
        );
      }
      return ok(value);
    },
  };
}

export const nonNegativeInteger = integerIn('integer', 0, Number.MAX_SAFE_INTEGER);
export const positiveInteger = integerIn('integer > 0', 1, Number.MAX_SAFE_INTEGER);
export const port = integerIn('port', 1, 65535);
/** A port to listen on, or 0 for "do not listen". */
export const portOrOff = integerIn('port (0 = off)', 0, 65535);
/** GitHub's compare API lists at most 300 files: a bound above it could never apply. */
export const changedFilesBound = integerIn('integer 1–300', 1, 300);

export const boolean: Kind<boolean> = {
  label: 'boolean',
  parse(raw) {
    if (typeof raw === 'boolean') return ok(raw);
    // the spellings Go's strconv.ParseBool accepts, as the original's flags did
    if (typeof raw === 'string' && /^(1|t|true)$/i.test(raw.trim())) return ok(true);
    if (typeof raw === 'string' && /^(0|f|false)$/i.test(raw.trim())) return ok(false);
    return fail(`must be true or false, got ${show(raw)}`);
  },
};

/** An absolute http(s) URL, kept as written minus trailing slashes (callers append paths). */
export const httpUrl: Kind<string> = {
  label: 'http(s) URL',
  parse(raw) {
    if (typeof raw !== 'string') return fail(`must be a URL, got ${show(raw)}`);
    try {
      const url = new URL(raw.trim());
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return fail(`must be an http or https URL, got ${show(raw)}`);
      return ok(raw.trim().replace(/\/+$/, ''));
    } catch {
      return fail(`must be an absolute URL, got ${show(raw)}`);
    }
  },
};

/** An http(s) URL, or empty for "none". */
export const optionalHttpUrl: Kind<string> = {
  label: 'http(s) URL or empty',
  parse(raw) {
    return typeof raw === 'string' && raw.trim() === '' ? ok('') : httpUrl.parse(raw);
  },
};

/** `host:port`, the form Temporal's gRPC address takes. */
export const hostPort: Kind<string> = {
  label: 'host:port',
  parse(raw) {
    const match = typeof raw === 'string' ? /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw.trim()) : null;
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) return fail(`must be host:port, got ${show(raw)}`);
    return ok(raw as string);
  },
};

/** A Go RE2 pattern, unanchored as in Go; must compile as a JS `u` RegExp the way domain/regex.ts runs it. */
export const regex: Kind<string> = {
  label: 'regex (RE2, unanchored)',
  parse(raw) {
    if (typeof raw !== 'string') return fail(`must be a regex string, got ${show(raw)}`);
    const compiled = compileRegex(raw);
    return compiled.ok ? ok(raw) : fail(compiled.error);
  },
};

/**
 * The original's `-orgs` rule, fixed: the whole pattern is always anchored as one group, `^(?:…)$`, so
 * `a|b` and `^acme|acme-labs$` match exactly those owners (the original's `^acme|acme-labs$` let `acme-evil`
 * through). A leading `^` and trailing `$` the pattern already has are dropped first, a leading flag group
 * such as `(?i)` stays in front, and an unterminated `\Q…` is closed so it cannot swallow the `)$`. `(?m)`
 * is refused: it would let `^`/`$` match at a line break inside a name. '' means any org.
 */
export const anchoredRegex: Kind<string> = {
  label: 'regex (anchored)',
  parse(raw) {
    const parsed = regex.parse(raw);
    if (!parsed.ok || parsed.value === '') return parsed;
    const flags = /^\(\?[a-zA-Z]+\)/.exec(parsed.value)?.[0] ?? '';
    if (flags.includes('m')) return fail(`the (?m) flag is not allowed here: ^ and $ would match inside a name`);
    let body = parsed.value.slice(flags.length);
    const quoted = body.lastIndexOf('\\Q') > body.lastIndexOf('\\E');
    if (quoted) body += '\\E';
    if (body.startsWith('^')) body = body.slice(1);
    if (!quoted && /(^|[^\\])(\\\\)*\$$/.test(body)) body = body.slice(0, -1);
    const source = `${flags}^(?:${body})$`;
    const compiled = compileRegex(source);
    return compiled.ok ? ok(source) : fail(compiled.error);
  },
};

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration (`2s`, `1m30s`, `500ms`), as the original's `-grace.*` flags; the value is milliseconds. */
export const duration: Kind<number> = {
  label: 'duration (e.g. 2s, 1m30s)',
  parse(raw) {
    if (typeof raw !== 'string' || !/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(raw.trim())) {
      return fail(`must be a duration such as 2s or 1m30s, got ${show(raw)}`);
    }
    let ms = 0;
    for (const part of raw.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
      ms += Number(part[1]) * DURATION_UNITS[part[2]!]!;
    return ok(Math.round(ms));
  },
};

export function oneOf<const T extends string>(values: readonly T[]): Kind<T> {
  return {
    label: values.join(' | '),
    parse: (raw) =>
      (values as readonly unknown[]).includes(raw)
        ? ok(raw as T)
        : fail(`must be one of ${values.join(', ')}, got ${show(raw)}`),
  };
}

/** A comma-separated list (environment) or a YAML list of strings. */
export const stringList: Kind<string[]> = {
  label: 'list of strings (comma-separated in env)',
  parse(raw) {
    if (typeof raw === 'string')
      return ok(
        raw
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      );
    if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return ok(raw);
    return fail(`must be a list of strings, got ${show(raw)}`);
  },
};

export function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/** A string→string map such as `nodeSelector`; null (an empty YAML key) is an empty map. */
export const stringMap: Kind<Record<string, string>> = {
  label: 'map of strings',
  parse(raw) {
    if (raw === null) return ok({});
    if (!isPlainObject(raw)) return fail(`must be a map of strings, got ${show(raw)}`);
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
      // YAML reads `ci: true` as a boolean; Kubernetes label values are strings, and the original's yaml.v2 coerced them too
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        out[key] = String(value);
      else return fail(`${key}: must be a string, got ${show(value)}`);
    }
    return ok(out);
  },
};

/** Accepted for compatibility with files written for the original; the value is not used. */
export const ignored: Kind<null> = { label: 'any (ignored)', parse: () => ok(null) };
