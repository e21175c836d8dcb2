import { describe, expect, it } from 'vitest';
import { apiConfig, runSettingsFrom, workerConfig } from '../../config/slices';
import type { RunSettings } from '../../domain/types';
import { loadOk, minimalEnv, PEM } from './memory-files';

const CONFIG = '/c.yaml';
const file = `
namespace: ci
managedBy: kube-ci-staging
tolerations: [{key: dedicated, operator: Equal, value: ci, effect: NoSchedule}]
nodeSelector: {ci: "true"}
cacheDefaults: {scope: project, size: 20Gi, storageClassName: fast}
buildBranches: ^(main|master)$
deployTemplates: ^deploy$
productionEnvironments: ^prod$
environmentParameter: env
api: {defaultInstallID: 99}
`;

function load(role: 'api' | 'worker' | 'all' = 'all') {
  const env = {
    ...minimalEnv,
    KUBECI_CONFIG: CONFIG,
    KUBECI_ANNOTATION_PREFIX: 'ci.example.com',
    KUBECI_ARGO_UI_BASE: 'https://argo.example.com/',
    KUBECI_API_PORT: '9000',
  };
  return loadOk({ env, files: { [CONFIG]: file }, role }).config;
}

describe('runSettingsFrom', () => {
  it('carries the run-relevant keys of the config file into RunSettings', () => {
    const expected: RunSettings = {
      namespace: 'ci',
      managedBy: 'kube-ci-staging',
      annotationPrefix: 'ci.example.com',
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ci', effect: 'NoSchedule' }],
      nodeSelector: { ci: 'true' },
      cacheDefaults: { scope: 'project', size: '20Gi', storageClassName: 'fast' },
      buildDraftPRs: false,
      buildBranches: '^(main|master)$',
      manualTemplates: '^$',
      essentialTemplates: '^$',
      deployTemplates: '^deploy$',
      productionEnvironments: '^prod$',
      nonInteractiveBranches: '^$',
      environmentParameter: 'env',
      argoUiBase: 'https://argo.example.com',
    };
    expect(runSettingsFrom(load())).toEqual(expected);
  });

  it('returns copies, so a run input cannot alias the config', () => {
    const config = load();
    runSettingsFrom(config).nodeSelector['extra'] = 'x';
    expect(config.kubeCi.nodeSelector).toEqual({ ci: 'true' });
  });
});

describe('per-process slices', () => {
  it('gives the API its webhook settings and Temporal connection, and no private key', () => {
    const api = apiConfig(load('api'));
    expect(api).toMatchObject({
      port: 9000,
      defaultInstallId: 99,
      webhook: { secret: 'webhook-s3cret', appId: 42, allowedInstallationIds: [] },
    });
    expect(api.temporal).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'kube-ci',
      uiBase: 'http://localhost:8233',
    });
    expect(JSON.stringify(api)).not.toContain('PRIVATE KEY');
  });

  it('gives the worker the App credentials, Kubernetes, tuning and run settings, and no webhook secret', () => {
    const worker = workerConfig(load('worker'));
    expect(worker.github).toEqual({ appId: 42, privateKey: PEM, baseUrl: 'https://api.github.com' });
    expect(worker.pipelineFiles).toEqual({ contextPath: '.kube-ci', yamlFile: 'ci.yaml', starlarkFile: 'ci.star' });
    expect(worker.tuning).toEqual({
      maxConcurrentActivityTaskExecutions: 2000,
      maxConcurrentWorkflowTaskExecutions: 40,
      maxCachedWorkflows: 250,
      shutdownGraceTime: 10_000,
    });
    expect(worker.settings.namespace).toBe('ci');
    expect(JSON.stringify(worker)).not.toContain('webhook-s3cret');
  });

  it('refuses to slice a secret the process did not load (a wiring bug, not a config problem)', () => {
    expect(() => apiConfig(load('worker'))).toThrow(/webhook secret not loaded/);
    expect(() => workerConfig(load('api'))).toThrow(/private key not loaded/);
  });
});
