/**
 * Kinds of the Starlark settings: byte sizes and the https:// allow-list. The allow-list kind accepts
 * exactly the entries activities/starlark/address-policy.ts `isAllowedHost` can match, so an entry that
 * would silently never match (a URL, an IPv6 literal, `*` in the middle) is a start-up error instead.
 */
import { githubRepoEntryProblem } from '../pipeline/read-scope';
import { stringList, type Kind, type Parsed } from './kinds';

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });
const show = (raw: unknown): string => JSON.stringify(raw) ?? String(raw);

const BINARY_UNITS: Record<string, number> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };

/** Bytes: a plain integer or one with a Kubernetes binary suffix (`256Mi`); from 1 to `max`. */
export function byteSize(max: number, maxShown: string): Kind<number> {
  return {
    label: 'byte size (e.g. 4194304, 512Ki, 4Mi, 1Gi)',
    parse(raw) {
      const written = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
      const match = written === undefined ? null : /^(\d+)(Ki|Mi|Gi)?$/.exec(written);
      const bytes = match ? Number(match[1]) * BINARY_UNITS[match[2] ?? '']! : NaN;
      if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > max) {
        return fail(
          `must be a byte size from 1 to ${maxShown} such as 4Mi or 4194304 (suffixes Ki, Mi, Gi), got ${show(raw)}`,
        );
      }
      return ok(bytes);
    },
  };
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why `entry` is not an allow-list entry isAllowedHost can match, or undefined when it is one. */
function hostEntryProblem(entry: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(entry) || entry.includes('/'))
    return 'write the host only, without scheme or path (e.g. raw.example.com)';
  if (entry.startsWith('[') || (entry.match(/:/g)?.length ?? 0) > 1)
    return 'IPv6 addresses are not supported; allow a host name';
  const [, pattern = '', port] = /^([^:]*)(?::(.*))?$/.exec(entry) ?? [];
  if (port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535))
    return `port must be from 1 to 65535, got ${show(port)}`;
  const wildcard = pattern.startsWith('*.');
  const host = wildcard ? pattern.slice(2) : pattern;
  if (host.includes('*')) return 'a wildcard is only allowed as the whole first label (*.example.com)';
  const labels = host.split('.');
  if (host.length > 253 || !labels.every((label) => LABEL.test(label)))
    return 'must be a host name of letters, digits, hyphens and dots (use punycode for international names)';
  // `*.com` would open a whole top-level domain: far more likely a slip than a wish
  if (wildcard && labels.length < 2) return 'a wildcard needs at least two labels after it (*.example.com, not *.com)';
  return undefined;
}

/**
 * Hosts Starlark `load()`/`loadFile()` may fetch https:// files from: `host`, `*.domain` (any subdomain at
 * any depth, not the domain itself), either with an optional `:port` (no port: 443 only). Entries are
 * trimmed and lowercased, as the matcher compares them. Every bad entry is named in one message.
 */
export const httpsHostList: Kind<string[]> = {
  label: 'list of hosts (comma-separated in env)',
  parse(raw) {
    const list = stringList.parse(raw === null ? [] : raw);
    if (!list.ok) return list;
    const entries = list.value.map((entry) => entry.trim().toLowerCase());
    const problems = entries.flatMap((entry, index) => {
      const problem = entry === '' ? 'is empty' : hostEntryProblem(entry);
      return problem === undefined ? [] : [`entry ${index + 1} ${show(list.value[index])}: ${problem}`];
    });
    return problems.length > 0 ? fail(problems.join('; ')) : ok(entries);
  },
};

/** A duration that must be more than zero: a 0 s evaluation bound would fail every run. */
export function positive(inner: Kind<number>): Kind<number> {
  return {
    label: inner.label,
    parse(raw) {
      const parsed = inner.parse(raw);
      return parsed.ok && parsed.value <= 0 ? fail(`must be more than zero, got ${show(raw)}`) : parsed;
    },
  };
}

/**
 * Repositories github:// loads and loadFile() may read besides the run's own (pipeline/read-scope.ts):
 * `owner/repo`, `owner/*`, with `{owner}` for the run's owner. Every bad entry is named in one message.
 */
export const githubRepoList: Kind<string[]> = {
  label: 'list of owner/repo or owner/* (comma-separated in env)',
  parse(raw) {
    const list = stringList.parse(raw === null ? [] : raw);
    if (!list.ok) return list;
    const entries = list.value.map((entry) => entry.trim());
    const problems = entries.flatMap((entry, index) => {
      const problem = entry === '' ? 'is empty' : githubRepoEntryProblem(entry);
      return problem === undefined ? [] : [`entry ${index + 1} ${show(list.value[index])}: ${problem}`];
    });
    return problems.length > 0 ? fail(problems.join('; ')) : ok(entries);
  },
};
