import { describe, expect, it } from 'vitest';
import { redactConfig, REDACTED } from '../../config/redact';
import { apiConfig } from '../../config/slices';
import { loadOk, loadProblems, minimalEnv } from './memory-files';

describe('the HTTP API token (KUBECI_API_TOKEN / KUBECI_API_TOKEN_FILE)', () => {
  it('is empty by default: the HTTP API is off', () => {
    expect(apiConfig(loadOk({ role: 'api' }).config).apiToken).toBe('');
  });

  it('comes from the environment or from a file, trimmed', () => {
    const inline = loadOk({ env: { ...minimalEnv, KUBECI_API_TOKEN: ' s3cret \n' }, role: 'api' }).config;
    expect(apiConfig(inline).apiToken).toBe('s3cret');
    const fromFile = loadOk({
      env: { ...minimalEnv, KUBECI_API_TOKEN_FILE: '/run/api-token' },
      files: { '/run/api-token': 'from-file\n' },
      role: 'api',
    }).config;
    expect(apiConfig(fromFile).apiToken).toBe('from-file');
  });

  it('is a problem when its file is missing or empty, or both sources are set', () => {
    expect(loadProblems({ env: { ...minimalEnv, KUBECI_API_TOKEN_FILE: '/nope' }, role: 'api' }).join('\n')).toMatch(
      /KUBECI_API_TOKEN_FILE.*HTTP API token.*ENOENT/,
    );
    expect(
      loadProblems({ env: { ...minimalEnv, KUBECI_API_TOKEN_FILE: '/t' }, files: { '/t': '  \n' }, role: 'api' }).join(
        '\n',
      ),
    ).toMatch(/HTTP API token is empty/);
    expect(
      loadProblems({
        env: { ...minimalEnv, KUBECI_API_TOKEN: 'a', KUBECI_API_TOKEN_FILE: '/t' },
        files: { '/t': 'b' },
        role: 'api',
      }).join('\n'),
    ).toMatch(/set only one/);
  });

  it('is never loaded by the worker, and never logged', () => {
    const env = { ...minimalEnv, KUBECI_API_TOKEN: 's3cret' };
    expect(loadOk({ env, role: 'worker' }).config.api.token).toBe('');
    const config = loadOk({ env, role: 'api' }).config;
    expect(redactConfig(config).api.token).toBe(REDACTED);
    expect(JSON.stringify(redactConfig(config))).not.toContain('s3cret');
  });
});
