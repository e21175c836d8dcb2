import { describe, expect, it } from 'vitest';
import { redactConfig, REDACTED } from '../../config/redact';
import { apiConfig, workerConfig } from '../../config/slices';
import { loadOk, loadProblems, minimalEnv } from './memory-files';

describe('Slack commands (KUBECI_SLACK_*)', () => {
  it('are off by default', () => {
    expect(apiConfig(loadOk({ role: 'api' }).config).slack).toBeUndefined();
  });

  it('are on with a signing secret, inline or from a file, with the allowed users and channels', () => {
    const env = {
      ...minimalEnv,
      KUBECI_SLACK_SIGNING_SECRET: ' shh \n',
      KUBECI_SLACK_USERS: 'U1, U2',
      KUBECI_SLACK_CHANNELS: 'C1',
    };
    expect(apiConfig(loadOk({ env, role: 'api' }).config).slack).toEqual({
      signingSecret: 'shh',
      users: ['U1', 'U2'],
      channels: ['C1'],
    });
    const fromFile = loadOk({
      env: { ...minimalEnv, KUBECI_SLACK_SIGNING_SECRET_FILE: '/run/slack' },
      files: { '/run/slack': 'from-file\n' },
      role: 'api',
    }).config;
    expect(apiConfig(fromFile).slack?.signingSecret).toBe('from-file');
  });

  it('report an unreadable secret file, and never log or hand the secret to the worker', () => {
    expect(
      loadProblems({ env: { ...minimalEnv, KUBECI_SLACK_SIGNING_SECRET_FILE: '/nope' }, role: 'api' }).join('\n'),
    ).toMatch(/KUBECI_SLACK_SIGNING_SECRET_FILE.*Slack signing secret.*ENOENT/);
    const env = { ...minimalEnv, KUBECI_SLACK_SIGNING_SECRET: 'shh-secret' };
    expect(loadOk({ env, role: 'worker' }).config.api.slack.signingSecret).toBe('');
    const config = loadOk({ env, role: 'api' }).config;
    expect(redactConfig(config).api.slack.signingSecret).toBe(REDACTED);
    expect(JSON.stringify(redactConfig(config))).not.toContain('shh-secret');
  });
});

describe('authorisedOrgs (KUBECI_AUTHORISED_ORGS)', () => {
  it('is empty by default and reaches the worker', () => {
    expect(workerConfig(loadOk({ role: 'worker' }).config).authorisedOrgs).toEqual([]);
    const env = { ...minimalEnv, KUBECI_AUTHORISED_ORGS: 'acme,platform' };
    expect(workerConfig(loadOk({ env, role: 'worker' }).config).authorisedOrgs).toEqual(['acme', 'platform']);
  });
});
