/**
 * Masks secrets in text that is about to be shown on a (possibly public) check run.
 *
 * Written here rather than taken from a library: the maskers on npm either redact object fields by key
 * (pino's redact, fast-redact) or are detectors that need Node built-ins; this has to run inside the
 * workflow sandbox and work on free text (log lines). The patterns follow GitHub's own token formats
 * (https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/),
 * JWTs (three base64url parts, the first a JSON header `eyJ…`) and AWS access key ids (AKIA/ASIA + 16).
 */

/** What a masked value becomes. */
export const MASK = '***';

/** Secret values shorter than this are not masked: masking `a` or `on` would mangle ordinary text. */
export const MIN_SECRET_LENGTH = 4;

const TOKEN_PATTERNS: readonly RegExp[] = [
  // GitHub: personal (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server/installation (ghs_), refresh (ghr_)
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  // JSON Web Tokens (the header always starts with `{"` → `eyJ`)
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  // AWS access key ids
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  // PEM private keys, whole block
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/** `Bearer <token>` / `Basic <credentials>` (HTTP Authorization values): the scheme stays, the credential goes. */
// a credential has 8+ characters and a digit or punctuation, so `Bearer authentication failed` stays readable
const AUTH_SCHEME = /\b(Bearer|Basic)(\s+)(?=[A-Za-z]*[0-9\-._~+/])[A-Za-z0-9\-._~+/]{8,}=*/gi;

/**
 * `password=…`, `"secret": "…"`, `api_key: …`, `aws_secret_access_key=…`: the key stays, the value goes.
 * The keyword is matched on its own (no `\w*` prefix before it): a prefix scanned from every word boundary
 * makes the regex quadratic on long lines like `a-a-a-…`, and this runs on 64 KiB log lines.
 */
const KEY_VALUE =
  /(password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?)(["']?\s*[:=]\s*)(["']?)([^\s"'&,;]+)/gi;

/** `scheme://user:password@host`: the password goes (scheme and userinfo bounded, so the scan stays linear). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^/\s:@]{1,256}:)([^@\s/]{1,256})@/gi;

/**
 * Replaces every occurrence of each of `secretValues` (and of each of their lines, for multi-line
 * secrets) and everything that looks like a credential with `***`: GitHub tokens (`ghp_`, `ghs_`,
 * `gho_`, `ghu_`, `ghr_`, `github_pat_`), JWTs, `Bearer …`/`Basic …`, AWS access key ids, PEM private
 * keys, `password=…`-style assignments and passwords in URLs. Values shorter than
 * {@link MIN_SECRET_LENGTH} are ignored.
 */
export function maskSecrets(text: string, secretValues: readonly string[] = []): string {
  let masked = maskValues(text, secretValues);
  for (const pattern of TOKEN_PATTERNS) masked = masked.replace(pattern, MASK);
  masked = masked.replace(AUTH_SCHEME, (_m, scheme: string, space: string) => `${scheme}${space}${MASK}`);
  masked = masked.replace(URL_USERINFO, (_m, head: string) => `${head}${MASK}@`);
  masked = masked.replace(KEY_VALUE, (whole, key: string, sep: string, quote: string, value: string) =>
    value.startsWith(MASK) ? whole : `${key}${sep}${quote}${MASK}`,
  );
  return masked;
}

function maskValues(text: string, secretValues: readonly string[]): string {
  const values = new Set<string>();
  for (const value of secretValues) {
    for (const part of [value, ...value.split(/\r?\n/)]) {
      const trimmed = part.trim();
      if (trimmed.length >= MIN_SECRET_LENGTH) values.add(trimmed);
    }
  }
  // longest first, so a secret that contains another is masked whole
  let masked = text;
  for (const value of [...values].sort((a, b) => b.length - a.length)) masked = masked.split(value).join(MASK);
  return masked;
}
