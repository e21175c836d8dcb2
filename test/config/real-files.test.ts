import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load';
import { PEM } from './memory-files';

const dir = mkdtempSync(join(tmpdir(), 'kube-ci-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig with the real file system', () => {
  it('reads the files the environment names, and reports a missing one by its errno code', () => {
    writeFileSync(join(dir, 'key.pem'), `${PEM}\n`);
    writeFileSync(join(dir, 'config.yaml'), 'managedBy: from-disk\n');
    writeFileSync(join(dir, 'temporal.yaml'), 'taskQueue: disk-queue\n');
    const env = {
      KUBECI_GITHUB_APP_ID: '3',
      KUBECI_GITHUB_KEY_FILE: join(dir, 'key.pem'),
      KUBECI_CONFIG: join(dir, 'config.yaml'),
      KUBECI_TEMPORAL_CONFIG: join(dir, 'temporal.yaml'),
    };
    const result = loadConfig({ env, role: 'worker' });
    expect(
      result.ok && [result.config.kubeCi.managedBy, result.config.temporal.taskQueue, result.config.github.privateKey],
    ).toEqual(['from-disk', 'disk-queue', PEM]);
    const missing = loadConfig({ env: { ...env, KUBECI_GITHUB_KEY_FILE: join(dir, 'absent.pem') }, role: 'worker' });
    expect(missing.ok ? [] : missing.problems).toEqual([
      `KUBECI_GITHUB_KEY_FILE: cannot read the GitHub App private key from ${JSON.stringify(join(dir, 'absent.pem'))}: ENOENT`,
    ]);
  });
});
