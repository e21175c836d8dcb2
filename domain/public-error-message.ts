import { maskSecrets } from './mask-secrets';

/**
 * Error text fit for a PUBLIC check run: Kubernetes and network errors lose what only the operator should
 * see — internal addresses (IPs, ports, cluster host names, URLs of the API server), service-account names
 * and tokens — while messages that help the user fix their pipeline (an API server's validation causes,
 * GitHub's reasons) stay readable. The full error belongs in the logs and the failure's details.
 *
 * Pure and free of Node built-ins: it also runs in workflow code (workflows/run-on-argo.ts).
 */
export function publicErrorMessage(message: string): string {
  const summary = summariseNetworkError(message);
  return maskSecrets(redactInternals(summary ?? message));
}

/** Node/undici network and TLS error codes → what happened, without where. */
const NETWORK_CODES: ReadonlyArray<[RegExp, string]> = [
  [/\bECONNREFUSED\b/, 'connection refused'],
  [/\b(?:ENOTFOUND|EAI_AGAIN)\b/, 'host name could not be resolved'],
  [/\b(?:ETIMEDOUT|ESOCKETTIMEDOUT|UND_ERR_CONNECT_TIMEOUT)\b/, 'connection timed out'],
  [/\b(?:ECONNRESET|EPIPE|UND_ERR_SOCKET)\b/, 'connection reset'],
  [/\b(?:EHOSTUNREACH|ENETUNREACH)\b/, 'host unreachable'],
  [
    /\b(?:CERT_\w+|UNABLE_TO_\w*(?:CERT|ISSUER)\w*|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_\w+|ERR_SSL_\w+)\b|self[- ]signed certificate|certificate (?:has expired|is not yet valid)|altnames|SSL routines|wrong version number/i,
    'TLS handshake failed (certificate not accepted)',
  ],
];

/** `network error: connection refused (ECONNREFUSED)`, or undefined when `message` is no network error. */
function summariseNetworkError(message: string): string | undefined {
  for (const [pattern, what] of NETWORK_CODES) {
    const found = pattern.exec(message);
    if (!found) continue;
    const code = /^[A-Z_]+$/.test(found[0]) ? ` (${found[0]})` : '';
    const prefix = leadingAction(message);
    return `${prefix}network error talking to the cluster or GitHub: ${what}${code}`;
  }
  return undefined;
}

/** Keeps our own `get workflow argo/x: ` style prefix (kube-ci's action, no addresses) when there is one. */
function leadingAction(message: string): string {
  const match = /^((?:get|list|create|patch|delete|watch|read|ensure|update) [\w ./-]{1,120}?): /.exec(message);
  return match ? `${match[1]}: ` : '';
}

const INTERNAL_SUFFIX = /\.(?:svc|cluster\.local|internal|local|localdomain|lan|corp|home\.arpa)$/i;
const IPV4 = String.raw`\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b`;

/**
 * URLs of internal hosts become `<internal URL>`; other URLs lose userinfo, query and fragment (tokens hide
 * there). IPs (v4 and bracketed v6, with ports), cluster host names (`*.svc`, `*.cluster.local`, …) and
 * `system:serviceaccount:<ns>:<name>` are replaced wherever they appear.
 */
function redactInternals(message: string): string {
  // every pattern is anchored on a literal or scans a maximal run once: these texts can be 64 KiB log lines
  return message
    .replace(/\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s"'<>)\]]+/gi, redactUrl)
    .replace(/\bsystem:serviceaccount:[\w.-]+:[\w.-]+/g, '<service account>')
    .replace(/\[(?=[0-9a-f.]{0,45}:)[0-9a-f:.]{2,45}\](?::\d{1,5})?/gi, '<internal address>')
    .replace(new RegExp(`${IPV4}(?::\\d{1,5})?`, 'g'), '<internal address>')
    .replace(/[A-Za-z0-9.:-]+/g, redactHostToken);
}

/** One maximal run of host-name characters: an internal host name (with its port) becomes `<internal host>`. */
function redactHostToken(token: string): string {
  let end = token.length;
  while (end > 0 && (token[end - 1] === '.' || token[end - 1] === ':')) end--;
  const core = token.slice(0, end).replace(/:\d{1,5}$/, '');
  if (/^localhost$/i.test(core)) return `<internal address>${token.slice(end)}`;
  const internal = core.includes('.') && (INTERNAL_SUFFIX.test(core) || /^kubernetes\.default$/i.test(core));
  return internal && !core.includes(':') ? `<internal host>${token.slice(end)}` : token;
}

function redactUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^/@\s]*@)?(\[[^\]]*\]|[^/:?#]*)(:\d+)?([^?#]*)/i.exec(url);
  if (!match) return '<URL>';
  const [, scheme = '', host = '', port = '', path = ''] = match;
  if (isInternalHost(host) || port !== '') return '<internal URL>';
  return `${scheme}${host}${path}`;
}

function isInternalHost(host: string): boolean {
  return (
    host.startsWith('[') || new RegExp(`^${IPV4}$`).test(host) || !host.includes('.') || INTERNAL_SUFFIX.test(host)
  );
}
