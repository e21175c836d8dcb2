/** A copy of the Config that is safe to log: secret values replaced, PEM blobs summarised. */
import type { Config } from './types';

export const REDACTED = '[redacted]';

const hide = (secret: string): string => (secret === '' ? '' : REDACTED);
const summarisePem = (pem: string): string => (pem === '' ? '' : `[PEM, ${pem.length} characters]`);

export function redactConfig(config: Config): Config {
  const copy = structuredClone(config);
  copy.github.privateKey = hide(copy.github.privateKey);
  copy.webhook.secret = hide(copy.webhook.secret);
  copy.api.token = hide(copy.api.token);
  copy.api.slack.signingSecret = hide(copy.api.slack.signingSecret);
  copy.temporal.apiKey = hide(copy.temporal.apiKey);
  if (copy.temporal.tls) {
    copy.temporal.tls.clientKey = hide(copy.temporal.tls.clientKey);
    copy.temporal.tls.clientCert = summarisePem(copy.temporal.tls.clientCert);
    copy.temporal.tls.caCert = summarisePem(copy.temporal.tls.caCert);
  }
  return copy;
}
