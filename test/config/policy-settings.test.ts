import { describe, expect, it } from 'vitest';
import { workerConfig } from '../../config/slices';
import { schema } from '../../config/schema';
import { DEFAULT_WORKFLOW_POLICY, PolicySetting } from '../../domain/workflow-policy';
import { loadOk, loadProblems, minimalEnv } from './memory-files';

const CONFIG = '/etc/kube-ci/config.yaml';
const policyOf = (options: Parameters<typeof loadOk>[0]) =>
  workerConfig(loadOk({ ...options, role: 'worker' }).config).policy;

describe('workflow policy settings', () => {
  it('default to DEFAULT_WORKFLOW_POLICY: everything refused, no service account', () => {
    expect(policyOf({})).toEqual(DEFAULT_WORKFLOW_POLICY);
  });

  it('have one schema entry per policy field, with the env var refusals name and a policy.* file key', () => {
    for (const [field, env] of Object.entries(PolicySetting)) {
      const entry = Object.values(schema).find((s) => s.env === env);
      expect(entry, env).toBeDefined();
      expect(entry!.file, env).toEqual({ in: 'kube-ci', key: `policy.${field}` });
    }
  });

  it('are read from the kube-ci config file, the environment winning', () => {
    const yaml = 'policy:\n  serviceAccounts: [ci, deploy]\n  allowHostPath: true\n  allowPrivileged: true\n';
    const env = { ...minimalEnv, KUBECI_CONFIG: CONFIG, KUBECI_POLICY_ALLOW_PRIVILEGED: 'false' };
    expect(
      policyOf({ env: { ...env, KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES: 'true' }, files: { [CONFIG]: yaml } }),
    ).toEqual({
      ...DEFAULT_WORKFLOW_POLICY,
      serviceAccounts: ['ci', 'deploy'],
      allowHostPath: true,
      allowResourceTemplates: true,
    });
    expect(policyOf({ env: { ...minimalEnv, KUBECI_POLICY_SERVICE_ACCOUNTS: 'a, b' } }).serviceAccounts).toEqual([
      'a',
      'b',
    ]);
  });

  it('name a bad value and where it came from', () => {
    const problems = loadProblems({ env: { ...minimalEnv, KUBECI_POLICY_ALLOW_HOST_PATH: 'maybe' } });
    expect(problems.join('\n')).toContain('KUBECI_POLICY_ALLOW_HOST_PATH');
  });
});
