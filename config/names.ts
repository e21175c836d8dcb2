/** Kinds for Kubernetes names and other constrained strings. */
import { oneOf, text, type Kind } from './kinds';

function matching(label: string, pattern: RegExp, maxLength: number, what: string): Kind<string> {
  return {
    label,
    parse(raw) {
      const parsed = text.parse(raw);
      if (!parsed.ok) return parsed;
      if (parsed.value.length > maxLength || !pattern.test(parsed.value)) {
        return {
          ok: false,
          error: `must be ${what} (at most ${maxLength} characters), got ${JSON.stringify(parsed.value)}`,
        };
      }
      return parsed;
    },
  };
}

/** RFC 1123 subdomain: Kubernetes namespaces are labels, annotation prefixes subdomains; both fit this. */
export const dnsName = matching('DNS name', /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 253, 'a lowercase DNS name');

/** A Kubernetes label value. */
export const labelValue = matching(
  'label value',
  /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
  63,
  'a Kubernetes label value',
);

export const logLevels = oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

/** The original applied some keys only when non-empty: an empty value keeps the default. */
export function nonEmptyOr(fallback: string, inner: Kind<string>): Kind<string> {
  return {
    label: inner.label,
    parse: (raw) => (raw === '' || raw === null ? { ok: true, value: fallback } : inner.parse(raw)),
  };
}
