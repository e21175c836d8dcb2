import { describe, expect, it } from 'vitest';
import { REDACTED, redactConfig } from '../../config/redact';
import { loadOk, PEM } from './memory-files';

const SECRETS = {
  privateKey: PEM,
  webhook: 'webhook-s3cret-value',
  apiKey: 'temporal-api-key-value',
  tlsKey: 'TLS-PRIVATE-KEY-BYTES',
};

function loadWithEverySecret() {
  return loadOk({
    env: {
      KUBECI_GITHUB_APP_ID: '42',
      KUBECI_GITHUB_KEY_FILE: '/k.pem',
      KUBECI_WEBHOOK_SECRET: SECRETS.webhook,
      TEMPORAL_API_KEY: SECRETS.apiKey,
      TEMPORAL_TLS_CERT_FILE: '/c.pem',
      TEMPORAL_TLS_KEY_FILE: '/tk.pem',
    },
    files: { '/k.pem': PEM, '/c.pem': 'CERT', '/tk.pem': SECRETS.tlsKey },
  }).config;
}

describe('redactConfig', () => {
  it('leaves no secret value anywhere in the logged form', () => {
    const config = loadWithEverySecret();
    const logged = JSON.stringify(redactConfig(config));
    for (const secret of Object.values(SECRETS)) expect(logged).not.toContain(secret);
    // the PEM body alone must not leak either (e.g. through a summary)
    expect(logged).not.toContain('MIIBOgIBAAJBAKj34');
  });

  it('marks which secrets are set, and keeps everything else', () => {
    const config = loadWithEverySecret();
    const redacted = redactConfig(config);
    expect(redacted.github.privateKey).toBe(REDACTED);
    expect(redacted.webhook.secret).toBe(REDACTED);
    expect(redacted.temporal.apiKey).toBe(REDACTED);
    expect(redacted.temporal.tls?.clientKey).toBe(REDACTED);
    expect(redacted.temporal.tls?.clientCert).toBe('[PEM, 4 characters]');
    expect(redacted.github.appId).toBe(42);
    expect(redacted.kubeCi).toEqual(config.kubeCi);
  });

  it('does not touch the config it was given', () => {
    const config = loadWithEverySecret();
    redactConfig(config);
    expect(config.github.privateKey).toBe(PEM);
    expect(config.webhook.secret).toBe(SECRETS.webhook);
  });

  it('shows an unset secret as empty, so logs tell missing from hidden', () => {
    const config = loadOk({ env: { KUBECI_GITHUB_APP_ID: '1', KUBECI_WEBHOOK_SECRET: 's' }, role: 'api' }).config;
    expect(redactConfig(config).github.privateKey).toBe('');
  });
});
