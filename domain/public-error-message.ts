/**
 * What of an infrastructure error may be shown on a public check run: the message with internal addresses,
 * URLs and Kubernetes identities replaced, so a public repository's checks do not map the cluster. The
 * full error stays in the worker's logs.
 */
const REDACTIONS: [RegExp, string][] = [
  [/\bhttps?:\/\/[^\s"'<>)]+/gi, '<internal URL>'],
  [/\bsystem:serviceaccount:[a-z0-9.-]+:[a-z0-9.-]+/gi, '<service account>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<internal address>'],
  [/\[[0-9a-f:]+\](?::\d+)?/gi, '<internal address>'],
  [/\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:svc|cluster\.local|internal|local)(?::\d+)?\b/gi, '<internal host>'],
];

export function publicErrorMessage(message: string): string {
  return REDACTIONS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}
