import { describe, expect, it } from 'vitest';
import { loadOk, loadProblems, minimalEnv, PEM } from './memory-files';

const CONFIG = '/etc/kube-ci/config.yaml';
const withConfig = (yaml: string, env: Record<string, string> = {}) => ({
  env: { ...minimalEnv, KUBECI_CONFIG: CONFIG, ...env },
  files: { [CONFIG]: yaml },
});

describe('loadConfig sources', () => {
  it('gives the original defaults when nothing is configured', () => {
    const { config } = loadOk({});
    expect(config.kubeCi).toEqual({
      ciContextPath: '.kube-ci',
      ciYAMLFile: 'ci.yaml',
      ciStarlarkFile: 'ci.star',
      namespace: 'argo',
      managedBy: 'kube-ci',
      tolerations: [],
      nodeSelector: {},
      templates: {},
      authorisedOrgs: [],
      cacheDefaults: { scope: '', size: '', storageClassName: '' },
      buildDraftPRs: false,
      buildBranches: 'master',
      manualTemplates: '^$',
      essentialTemplates: '^$',
      deployTemplates: '^$',
      productionEnvironments: '^production$',
      environmentParameter: 'environment',
      nonInteractiveBranches: '^$',
      api: { defaultInstallID: 0 },
      ciContextLimits: { maxFiles: 200, maxBytes: 4 * 1024 ** 2, maxDepth: 8 },
    });
    expect(config.api.port).toBe(8080);
    expect(config.github.apiUrl).toBe('https://api.github.com');
    expect(config.run).toEqual({
      annotationPrefix: 'kube-ci.qutics.com',
      argoUiBase: 'http://argo',
      maxAnnotations: 500,
      maxDeploymentsPerRun: 50,
      maxChangedFiles: 300,
      pathFilterTimeoutMs: 1000,
      podLog: { limitBytes: 1024 * 1024, tailLines: 10_000 },
      failedStepLogLines: 20,
      progressIntervalMs: 5000,
      followRereadIntervalMs: 60_000,
      followHeartbeatTimeoutMs: 60_000,
      manualStepWaitMs: 14 * 86_400_000,
    });
    expect(config.reconcile).toEqual({ intervalMs: 600_000, lookbackMs: 86_400_000 });
    expect(config.temporal).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'kube-ci',
      uiBase: 'http://localhost:8233',
      tls: undefined,
    });
    expect(config.kubernetes).toEqual({ kubeconfig: '', master: '' });
    expect(config.logLevel).toBe('info');
  });

  it('lets the file override defaults, reading the original example config', () => {
    const { config } = loadOk(
      withConfig(`
tolerations:
- key: dedicated
  operator: Equal
  value: ci
  effect: NoSchedule
  tolerationseconds: 30
nodeSelector:
  ci: "true"
templates:
  baton:
    description: docker build
    ci: /config/docker-ci.yaml
cacheDefaults:
  storageClassName: standard-new
buildBranches: ".+"
buildDraftPRs: yes
namespace: ci-runs
api:
  defaultInstallID: 593693
`),
    );
    expect(config.kubeCi.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'ci', effect: 'NoSchedule', tolerationSeconds: 30 },
    ]);
    expect(config.kubeCi.nodeSelector).toEqual({ ci: 'true' });
    expect(config.kubeCi.templates).toEqual({
      baton: { description: 'docker build', ci: '/config/docker-ci.yaml', deploy: '' },
    });
    expect(config.kubeCi.cacheDefaults).toEqual({ scope: '', size: '', storageClassName: 'standard-new' });
    expect(config.kubeCi.buildBranches).toBe('.+');
    // YAML 1.1 like the original's yaml.v2: `yes` is true
    expect(config.kubeCi.buildDraftPRs).toBe(true);
    expect(config.kubeCi.namespace).toBe('ci-runs');
    expect(config.kubeCi.api.defaultInstallID).toBe(593693);
    expect(config.kubeCi.manualTemplates).toBe('^$');
    expect(config.sources.configFile).toBe(CONFIG);
  });

  it('lets the environment override the file, and flags override the environment', () => {
    const options = withConfig('managedBy: from-file\n', { KUBECI_MANAGED_BY: 'from-env', KUBECI_ORGS: 'env-org' });
    expect(loadOk(options).config.kubeCi.managedBy).toBe('from-env');
    const { config } = loadOk({ ...options, argv: ['-orgs', 'flag-org', '--github.appid=7'] });
    expect(config.filters.orgs).toBe('^(?:flag-org)$');
    expect(config.github.appId).toBe(7);
  });

  it('keeps the default namespace when the file sets it empty, as the original did', () => {
    expect(loadOk(withConfig('namespace: ""\n')).config.kubeCi.namespace).toBe('argo');
  });

  it('accepts tolerationSeconds in camelCase too', () => {
    const { config } = loadOk(withConfig('tolerations:\n- {key: a, operator: Exists, tolerationSeconds: 5}\n'));
    expect(config.kubeCi.tolerations).toEqual([{ key: 'a', operator: 'Exists', tolerationSeconds: 5 }]);
  });

  it('accepts extraParameters with a warning and ignores them', () => {
    const { warnings } = loadOk(withConfig('extraParameters:\n  foo: bar\n'));
    expect(warnings).toEqual([`${CONFIG}: extraParameters: ignored (the original never used extraParameters either)`]);
  });

  it('treats an empty environment variable as unset', () => {
    expect(loadOk({ env: { ...minimalEnv, KUBECI_API_PORT: '' } }).config.api.port).toBe(8080);
  });

  it("reads the original's -slack.secretfile and ignores -slack.tokenfile with a warning", () => {
    const { config, warnings } = loadOk({
      argv: ['-slack.tokenfile', '/x', '-slack.secretfile', '/etc/slack/secret'],
      files: { '/etc/slack/secret': 'sl4ck-s3cret\n' },
    });
    expect(warnings).toEqual([
      'flag -slack.tokenfile ignored: no Slack token is needed (replies go to the response_url); -slack.secretfile enables Slack commands',
    ]);
    expect(config.api.slack.signingSecret).toBe('sl4ck-s3cret');
  });
});

describe('loadConfig problems', () => {
  it('reports every problem together, each naming its key and source', () => {
    const problems = loadProblems({
      env: {
        KUBECI_CONFIG: CONFIG,
        KUBECI_API_PORT: '80a',
        KUBECI_GITHUB_PRIVATE_KEY: PEM,
        KUBECI_WEBHOOK_SECRET: 'x',
      },
      files: { [CONFIG]: 'buildBranches: "(unclosed"\nmanagedby: typo\nnodeSelector: [1]\n' },
    });
    expect(problems).toHaveLength(5);
    expect(problems).toContainEqual(
      expect.stringMatching(/^\/etc\/kube-ci\/config\.yaml: buildBranches: invalid regex `\(unclosed`/),
    );
    expect(problems).toContain(`${CONFIG}: managedby: unknown key (did you mean managedBy?)`);
    expect(problems).toContainEqual(
      expect.stringMatching(/^\/etc\/kube-ci\/config\.yaml: nodeSelector: must be a map of strings/),
    );
    expect(problems).toContain('KUBECI_API_PORT: must be an integer from 1 to 65535, got "80a"');
    expect(problems).toContain('KUBECI_GITHUB_APP_ID (or -github.appid): github appID must be set');
  });

  it('bounds KUBECI_MAX_CHANGED_FILES by GitHub’s 300-file cap', () => {
    expect(loadProblems({ env: { ...minimalEnv, KUBECI_MAX_CHANGED_FILES: '301' } })).toEqual([
      'KUBECI_MAX_CHANGED_FILES: must be an integer from 1 to 300, got "301"',
    ]);
    expect(loadOk({ env: { ...minimalEnv, KUBECI_MAX_CHANGED_FILES: '50' } }).config.run.maxChangedFiles).toBe(50);
  });

  it('names the source of an app id of 0', () => {
    expect(loadProblems({ env: { ...minimalEnv, KUBECI_GITHUB_APP_ID: '0' } })).toEqual([
      'KUBECI_GITHUB_APP_ID: github appID must be set',
    ]);
  });

  it('reports YAML parse errors with their line', () => {
    const problems = loadProblems(withConfig('ciContextPath: .kube-ci\nnamespace: [argo\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\/etc\/kube-ci\/config\.yaml: YAML parse error at line \d+, column \d+: /);
  });

  it('reports an unreadable config file, key file and secret file', () => {
    const problems = loadProblems({
      env: { KUBECI_GITHUB_APP_ID: '1', KUBECI_CONFIG: '/nope.yaml', KUBECI_GITHUB_KEY_FILE: '/keys/app.pem' },
    });
    expect(problems).toEqual([
      'KUBECI_CONFIG: cannot read the kube-ci config file "/nope.yaml": ENOENT',
      'KUBECI_GITHUB_KEY_FILE: cannot read the GitHub App private key from "/keys/app.pem": ENOENT',
      'KUBECI_WEBHOOK_SECRET_FILE (default): cannot read the webhook secret from "webhook-secret": ENOENT',
    ]);
  });

  it('rejects bad URLs, ports, durations, log levels and unknown flags', () => {
    const problems = loadProblems({
      env: {
        ...minimalEnv,
        KUBECI_ARGO_UI_BASE: 'argo.local',
        TEMPORAL_UI_BASE: 'ftp://x',
        KUBECI_LOG_LEVEL: 'loud',
        TEMPORAL_ADDRESS: 'localhost',
      },
      argv: ['-grace.shutdown', '2 seconds', '-port', '1'],
    });
    expect(problems).toEqual([
      'flag -port: unknown flag',
      'flag -grace.shutdown: must be a duration such as 2s or 1m30s, got "2 seconds"',
      'KUBECI_ARGO_UI_BASE: must be an absolute URL, got "argo.local"',
      'KUBECI_LOG_LEVEL: must be one of trace, debug, info, warn, error, fatal, silent, got "loud"',
      'TEMPORAL_ADDRESS: must be host:port, got "localhost"',
      'TEMPORAL_UI_BASE: must be an http or https URL, got "ftp://x"',
    ]);
  });

  it('names bad tolerations and templates inside their key', () => {
    const problems = loadProblems(
      withConfig('tolerations:\n- {key: a, operator: Sometimes}\ntemplates:\n  t: {ci: /x, owner: me}\n'),
    );
    expect(problems).toEqual([
      `${CONFIG}: tolerations: [0].operator: must be one of Exists, Equal`,
      `${CONFIG}: templates: t.owner: unknown template field (known: description, ci, deploy)`,
    ]);
  });

  it('reports a section that is not a map and an unknown nested key', () => {
    const problems = loadProblems(withConfig('api: 5\ncacheDefaults:\n  sise: 1Gi\n'));
    expect(problems).toEqual([
      `${CONFIG}: api: must be a map`,
      `${CONFIG}: cacheDefaults.sise: unknown key (did you mean cacheDefaults.size?)`,
    ]);
  });
});

describe('loadConfig secrets', () => {
  it('trims secrets read from files and from the environment', () => {
    const { config } = loadOk({
      env: { KUBECI_GITHUB_APP_ID: '42', KUBECI_GITHUB_KEY_FILE: '/k.pem', KUBECI_WEBHOOK_SECRET: '  s3cret\n' },
      files: { '/k.pem': `\n${PEM}\n\n` },
    });
    expect(config.github.privateKey).toBe(PEM);
    expect(config.webhook.secret).toBe('s3cret');
  });

  it('starts the API without a private key and the worker without a webhook secret', () => {
    const api = loadOk({ env: { KUBECI_GITHUB_APP_ID: '1', KUBECI_WEBHOOK_SECRET: 's' }, role: 'api' }).config;
    expect(api.github.privateKey).toBe('');
    const worker = loadOk({
      env: { KUBECI_GITHUB_APP_ID: '1', KUBECI_GITHUB_PRIVATE_KEY: PEM },
      role: 'worker',
    }).config;
    expect(worker.webhook.secret).toBe('');
  });

  it('refuses a private key that is not PEM, an empty secret, and two sources for one secret', () => {
    const problems = loadProblems({
      env: {
        KUBECI_GITHUB_APP_ID: '1',
        KUBECI_GITHUB_PRIVATE_KEY: 'not a key',
        KUBECI_WEBHOOK_SECRET: 's',
        KUBECI_WEBHOOK_SECRET_FILE: '/s',
      },
      files: { '/s': 's' },
    });
    expect(problems).toEqual([
      'KUBECI_GITHUB_PRIVATE_KEY: is not a PEM private key (no "-----BEGIN … PRIVATE KEY-----" line)',
      'KUBECI_WEBHOOK_SECRET and KUBECI_WEBHOOK_SECRET_FILE: set only one of them for the webhook secret',
    ]);
    expect(
      loadProblems({ env: { KUBECI_GITHUB_APP_ID: '1' }, files: { 'webhook-secret': ' \n' }, role: 'api' }),
    ).toEqual(['KUBECI_WEBHOOK_SECRET_FILE (default) (webhook-secret): the webhook secret is empty']);
  });
});
