import { describe, expect, it } from 'vitest';
import { createHttpsFetcher } from '../../activities/starlark/https-fetcher';
import { workerConfig } from '../../config/slices';
import { ModuleUnavailable } from '../../pipeline/module-sources';
import { DEFAULT_STARLARK_LIMITS } from '../../pipeline/render-starlark';
import { loadOk, loadProblems, minimalEnv } from './memory-files';

const CONFIG = '/etc/kube-ci/config.yaml';
const withConfig = (yaml: string, env: Record<string, string> = {}) => ({
  env: { ...minimalEnv, KUBECI_CONFIG: CONFIG, ...env },
  files: { [CONFIG]: yaml },
});
const starlarkOf = (options: Parameters<typeof loadOk>[0]) =>
  workerConfig(loadOk({ ...options, role: 'worker' }).config).starlark;

describe('Starlark settings', () => {
  it('default to DEFAULT_STARLARK_LIMITS, a pool of 2, no https host and the same owner on GitHub', () => {
    expect(starlarkOf({})).toEqual({
      poolSize: 2,
      githubRepos: ['{owner}/*'],
      limits: DEFAULT_STARLARK_LIMITS,
      https: { allowedHosts: [], maxBytes: DEFAULT_STARLARK_LIMITS.maxFileBytes, timeoutMs: 10_000 },
    });
  });

  it('are read from the environment', () => {
    const env = {
      ...minimalEnv,
      KUBECI_STARLARK_HTTPS_HOSTS: 'raw.githubusercontent.com, *.Example.com:8443',
      KUBECI_STARLARK_MAX_STEPS: '5000',
      KUBECI_STARLARK_TIMEOUT: '1m',
      KUBECI_STARLARK_MAX_MEMORY: '512Mi',
      KUBECI_STARLARK_MAX_FILE_SIZE: '65536',
      KUBECI_STARLARK_POOL_SIZE: '6',
      KUBECI_STARLARK_GITHUB_REPOS: ' {owner}/shared-ci, platform/* ',
    };
    expect(starlarkOf({ env })).toEqual({
      poolSize: 6,
      githubRepos: ['{owner}/shared-ci', 'platform/*'],
      limits: { maxSteps: 5000, timeoutMs: 60_000, maxMemoryBytes: 512 * 1024 ** 2, maxFileBytes: 65_536 },
      https: { allowedHosts: ['raw.githubusercontent.com', '*.example.com:8443'], maxBytes: 65_536, timeoutMs: 10_000 },
    });
  });

  it('are read from the kube-ci config file, the environment winning', () => {
    const yaml = `
starlark:
  httpsAllowedHosts: [raw.githubusercontent.com, "*.example.com"]
  maxSteps: 1000000
  timeout: 5s
  maxMemory: 1Gi
  maxFileSize: 1Mi
  poolSize: 4
  githubRepos: []
`;
    expect(starlarkOf(withConfig(yaml))).toEqual({
      poolSize: 4,
      githubRepos: [],
      limits: { maxSteps: 1_000_000, timeoutMs: 5000, maxMemoryBytes: 1024 ** 3, maxFileBytes: 1024 ** 2 },
      // one fetch cannot outlive the whole evaluation
      https: { allowedHosts: ['raw.githubusercontent.com', '*.example.com'], maxBytes: 1024 ** 2, timeoutMs: 5000 },
    });
    const overridden = starlarkOf(
      withConfig(yaml, { KUBECI_STARLARK_HTTPS_HOSTS: 'files.example.org', KUBECI_STARLARK_POOL_SIZE: '1' }),
    );
    expect(overridden.https.allowedHosts).toEqual(['files.example.org']);
    expect(overridden.poolSize).toBe(1);
    expect(overridden.limits.maxSteps).toBe(1_000_000);
  });

  it('treat an empty httpsAllowedHosts key as an empty list', () => {
    expect(starlarkOf(withConfig('starlark:\n  httpsAllowedHosts:\n')).https.allowedHosts).toEqual([]);
  });

  it('report every bad value at once, each naming its variable', () => {
    const problems = loadProblems({
      env: {
        ...minimalEnv,
        KUBECI_STARLARK_HTTPS_HOSTS: 'https://raw.example.com,ok.example.com',
        KUBECI_STARLARK_MAX_STEPS: '0',
        KUBECI_STARLARK_TIMEOUT: '0s',
        KUBECI_STARLARK_MAX_MEMORY: '8Gi',
        KUBECI_STARLARK_MAX_FILE_SIZE: '4MB',
        KUBECI_STARLARK_POOL_SIZE: 'two',
        KUBECI_STARLARK_GITHUB_REPOS: 'acme/*,acme,*/tools,acme/../x',
      },
      role: 'worker',
    });
    expect(problems).toEqual([
      'KUBECI_STARLARK_HTTPS_HOSTS: entry 1 "https://raw.example.com": write the host only, without scheme or path (e.g. raw.example.com)',
      'KUBECI_STARLARK_GITHUB_REPOS: entry 2 "acme": write owner/repo or owner/* (the owner {owner} means the run\'s own owner); entry 3 "*/tools": invalid owner "*"; entry 4 "acme/../x": write owner/repo or owner/* (the owner {owner} means the run\'s own owner)',
      'KUBECI_STARLARK_MAX_STEPS: must be an integer >= 1, got "0"',
      'KUBECI_STARLARK_TIMEOUT: must be more than zero, got "0s"',
      'KUBECI_STARLARK_MAX_MEMORY: must be a byte size from 1 to 4Gi such as 4Mi or 4194304 (suffixes Ki, Mi, Gi), got "8Gi"',
      'KUBECI_STARLARK_MAX_FILE_SIZE: must be a byte size from 1 to 4Gi such as 4Mi or 4194304 (suffixes Ki, Mi, Gi), got "4MB"',
      'KUBECI_STARLARK_POOL_SIZE: must be an integer >= 1, got "two"',
    ]);
  });

  it('report bad file values by file and key, and typos in the starlark section', () => {
    const problems = loadProblems(
      withConfig('starlark:\n  httpsAllowedHosts: ["*.com"]\n  timeout: 30\n  maxStep: 10\n'),
    );
    expect(problems).toEqual([
      `${CONFIG}: starlark.maxStep: unknown key (did you mean starlark.maxSteps?)`,
      `${CONFIG}: starlark.httpsAllowedHosts: entry 1 "*.com": a wildcard needs at least two labels after it (*.example.com, not *.com)`,
      `${CONFIG}: starlark.timeout: must be a duration such as 2s or 1m30s, got 30`,
    ]);
  });

  it('give the fetcher options that refuse hosts off the allow-list, and everything by default', async () => {
    const refusal = (hosts: Record<string, string>, url: string) =>
      createHttpsFetcher(starlarkOf({ env: { ...minimalEnv, ...hosts } }).https)(url).then(
        () => expect.fail(`expected ${url} to be refused`),
        (err: unknown) => err,
      );
    const byDefault = await refusal({}, 'https://raw.githubusercontent.com/o/r/main/x.star');
    expect(byDefault).toBeInstanceOf(ModuleUnavailable);
    expect((byDefault as Error).message).toContain('not in the https allow-list');
    const offList = await refusal({ KUBECI_STARLARK_HTTPS_HOSTS: '*.example.com' }, 'https://example.com/x.star');
    expect((offList as Error).message).toContain('host example.com is not in the https allow-list');
  });

  it('hand out copies, so the worker cannot change the loaded config', () => {
    const config = loadOk({
      env: { ...minimalEnv, KUBECI_STARLARK_HTTPS_HOSTS: 'a.example.com' },
      role: 'worker',
    }).config;
    const slice = workerConfig(config).starlark;
    slice.https.allowedHosts.push('evil.example.com');
    slice.limits.maxSteps = 1;
    expect(config.starlark.httpsAllowedHosts).toEqual(['a.example.com']);
    expect(config.starlark.limits.maxSteps).toBe(DEFAULT_STARLARK_LIMITS.maxSteps);
  });
});
