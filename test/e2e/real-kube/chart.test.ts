/**
 * The Helm chart (deploy/chart): `helm lint --strict` and `helm template` for the default values and the
 * Temporal Cloud example, and what the rendered pods would give kube-ci: each container's environment and
 * mounted files go through kube-ci's own loadConfig (test/support/chart/pod-view.ts), which must accept them
 * for the container's role. The chart's Role must equal deploy/rbac.yaml's, which rbac-derivation.test.ts
 * derives from the gateway. The server-side dry run of the same output is chart-dry-run.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../config';
import { chartDir, helm, renderChart, type Manifest } from '../../support/chart/helm';
import { containerView, podSpecOf, readFileIn, secretsOf, type Secrets } from '../../support/chart/pod-view';
import { appPrivateKey, cloudArgs, cloudSecrets, defaultArgs } from '../../support/chart/values';
import { shippedRbac } from '../../support/real-kube/bootstrap';

function load(manifests: Manifest[], role: 'api' | 'worker', given: Secrets = {}) {
  const view = containerView(manifests, podSpecOf(manifests, `kube-ci-${role}`), secretsOf(manifests, given));
  const loaded = loadConfig({ env: view.env, readFile: readFileIn(view), role });
  if (!loaded.ok) throw new Error(`kube-ci ${role} refuses the chart's pod:\n${loaded.problems.join('\n')}`);
  return loaded.config;
}

describe('helm lint', () => {
  // (lint renders `required` values as empty with an INFO line, so the App id and secrets need not be set)
  it('passes --strict for the default values and for the Temporal Cloud example', () => {
    for (const args of [[], defaultArgs, cloudArgs]) {
      const result = helm(['lint', '--strict', chartDir, ...args]);
      expect(result.stdout, args.join(' ')).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
      expect(result.status).toBe(0);
    }
  });

  it('fails on values values.schema.json refuses: a wrong type, a misspelt key', () => {
    const wrongType = helm(['lint', '--strict', chartDir, '--set', 'api.resources=not-a-map']);
    expect(wrongType.status).not.toBe(0);
    expect(wrongType.stdout + wrongType.stderr).toContain("at '/api/resources': got string, want object");
    const typo = helm(['lint', '--strict', chartDir, '--set', 'temporal.adress=x:7233']);
    expect(typo.status).not.toBe(0);
    expect(typo.stdout + typo.stderr).toContain("additional properties 'adress' not allowed");
  });
});

describe('helm template (install) without what it needs', () => {
  it('stops without the App id or a secret, or with config.namespace, naming the value to set', () => {
    const template = (...args: string[]) => helm(['template', 'kube-ci', chartDir, ...args]);
    const bare = template();
    expect(bare.status).not.toBe(0);
    expect(bare.stderr).toContain("github.appId: the GitHub App's id is required");
    const noKey = template('--set', 'github.appId=1', '--set', 'github.webhookSecret=x');
    expect(noKey.status).not.toBe(0);
    expect(noKey.stderr).toContain('github.privateKey: the App');
    expect(template('--set', 'github.appId=1', '--set', 'github.existingSecret=mine').status).toBe(0);
    const clash = template(...defaultArgs, '--set', 'config.namespace=other');
    expect(clash.status).not.toBe(0);
    expect(clash.stderr).toContain('config.namespace: set runs.namespace instead');
  });
});

describe('helm template', () => {
  it('renders the API and the worker as separate, locked-down Deployments with probes, resources and PDBs', () => {
    for (const args of [defaultArgs, cloudArgs]) {
      const manifests = renderChart(args);
      for (const role of ['api', 'worker']) {
        const pod = podSpecOf(manifests, `kube-ci-${role}`);
        const container = pod.containers[0]!;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        expect(container.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        });
        expect(container.resources).toMatchObject({
          requests: { cpu: expect.any(String), memory: expect.any(String) },
        });
        expect(container.command).toEqual(['node', `dist/${role}/main.js`]);
        const pdb = manifests.find((m) => m.kind === 'PodDisruptionBudget' && m.metadata.name === `kube-ci-${role}`);
        expect(pdb).toMatchObject({ spec: { maxUnavailable: 1 } });
      }
      const api = podSpecOf(manifests, 'kube-ci-api');
      expect(api.automountServiceAccountToken).toBe(false);
      expect(api.containers[0]).toMatchObject({
        livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
        readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
      });
      const service = manifests.find((m) => m.kind === 'Service')!;
      expect(service).toMatchObject({ spec: { ports: [{ port: 80, targetPort: 'http' }] } });
    }
  });

  it('gives each process exactly its secret: the API the webhook secret, the worker the App key', () => {
    const manifests = renderChart(defaultArgs);
    const files = (role: string) => [
      ...containerView(manifests, podSpecOf(manifests, `kube-ci-${role}`), secretsOf(manifests)).files.keys(),
    ];
    expect(files('api').filter((f) => f.startsWith('/etc/kube-ci/github/'))).toEqual([
      '/etc/kube-ci/github/webhook-secret',
    ]);
    expect(files('worker').filter((f) => f.startsWith('/etc/kube-ci/github/'))).toEqual([
      '/etc/kube-ci/github/private-key.pem',
    ]);
  });

  it('gives kube-ci a configuration it accepts, for both processes (default values: the chart’s own Secret)', () => {
    const setupTemplate = ['config.templates.go.description=Go', 'config.templates.go.ci=/etc/kube-ci/config/go.yaml'];
    const manifests = renderChart([
      ...defaultArgs,
      ...['--set', 'config.buildBranches=^main$', '--set', setupTemplate.join(',')],
      ...['--set-string', 'configFiles.go\\.yaml=kind: Workflow'],
    ]);
    const api = load(manifests, 'api');
    expect(api.webhook.secret).toBe('hook-secret');
    expect(api.github.privateKey).toBe('');
    const worker = load(manifests, 'worker');
    expect(worker.github).toMatchObject({ appId: 12345, privateKey: appPrivateKey.trim() });
    expect(worker.kubeCi.namespace).toBe('argo');
    expect(worker.kubeCi.buildBranches).toBe('^main$');
    expect(worker.kubeCi.templates.go).toMatchObject({ description: 'Go', ci: '/etc/kube-ci/config/go.yaml' });
    const files = containerView(manifests, podSpecOf(manifests, 'kube-ci-worker'), secretsOf(manifests)).files;
    expect(files.get('/etc/kube-ci/config/go.yaml')).toBe('kind: Workflow');
    expect(worker.kubernetes.kubeconfig).toBe(''); // the pod's service account
    expect(worker.temporal).toMatchObject({ address: 'temporal-frontend.temporal:7233', apiKey: '', tls: undefined });
  });

  it('connects to Temporal Cloud with the API key from its Secret (TLS on), as the example says', () => {
    const manifests = renderChart(cloudArgs);
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    for (const role of ['api', 'worker'] as const) {
      const config = load(manifests, role, cloudSecrets);
      expect(config.temporal).toMatchObject({
        address: 'us-east-1.aws.api.temporal.io:7233',
        namespace: 'kube-ci.a1b2c',
        apiKey: 'cloud-api-key',
        tls: { clientCert: '', clientKey: '' },
      });
    }
    expect(load(manifests, 'worker', cloudSecrets).kubeCi.cacheDefaults).toMatchObject({ size: '10Gi' });
  });

  it('mounts an mTLS client certificate for Temporal and points temporal.yaml at it', () => {
    const mtls = ['--set', 'temporal.tls.existingSecret=temporal-mtls', '--set', 'temporal.tls.caKey=ca.crt'];
    const manifests = renderChart([...defaultArgs, ...mtls]);
    const given = { 'temporal-mtls': { 'tls.crt': 'CERT', 'tls.key': 'KEY', 'ca.crt': 'CA' } };
    const config = load(manifests, 'worker', given);
    expect(config.temporal.tls).toEqual({ serverName: '', clientCert: 'CERT', clientKey: 'KEY', caCert: 'CA' });
  });

  it('metrics (on by default): the worker on metrics.port and probed there, the API scraped on its HTTP port', () => {
    const manifests = renderChart(defaultArgs);
    const worker = podSpecOf(manifests, 'kube-ci-worker').containers[0]!;
    expect(worker.ports).toContainEqual({ name: 'metrics', containerPort: 9464, protocol: 'TCP' });
    expect(worker.env).toContainEqual({ name: 'KUBECI_METRICS_PORT', value: '9464' });
    expect(worker.livenessProbe).toMatchObject({ httpGet: { path: '/metrics', port: 'metrics' } });
    expect(worker.readinessProbe).toMatchObject({ httpGet: { path: '/metrics', port: 'metrics' } });
    const api = podSpecOf(manifests, 'kube-ci-api').containers[0]!;
    expect(api.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    for (const [role, port] of [
      ['api', '8080'],
      ['worker', '9464'],
    ] as const) {
      const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === `kube-ci-${role}`)!;
      expect(deployment).toMatchObject({
        spec: {
          template: { metadata: { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': port } } },
        },
      });
      load(manifests, role);
    }
    // off: the worker serves no HTTP (KUBECI_METRICS_PORT=0), so it has no probes and no ports
    const off = podSpecOf(renderChart([...defaultArgs, '--set', 'metrics.enabled=false']), 'kube-ci-worker')
      .containers[0]!;
    expect([off.livenessProbe, off.readinessProbe, off.ports]).toEqual([undefined, undefined, undefined]);
    expect(off.env).toContainEqual({ name: 'KUBECI_METRICS_PORT', value: '0' });
  });

  it('binds the worker, and only it, by the same Role rules as deploy/rbac.yaml, in the runs’ namespace', () => {
    for (const args of [defaultArgs, cloudArgs, [...defaultArgs, '--set', 'runs.namespace=ci-runs']]) {
      const manifests = renderChart(args);
      const runs = args.includes('runs.namespace=ci-runs') ? 'ci-runs' : 'argo';
      const role = manifests.find((m) => m.kind === 'Role')!;
      expect(role.metadata.namespace).toBe(runs);
      expect(role.rules).toEqual(shippedRbac().find((doc) => doc.kind === 'Role')!.rules);
      expect(manifests.map((m) => m.kind)).not.toContain('ClusterRole');
      expect(manifests.find((m) => m.kind === 'RoleBinding')).toMatchObject({
        metadata: { namespace: runs },
        roleRef: { kind: 'Role', name: role.metadata.name },
        subjects: [{ kind: 'ServiceAccount', name: podSpecOf(manifests, 'kube-ci-worker').serviceAccountName }],
      });
      const configMap = manifests.find((m) => m.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
      expect(parse(configMap.data['config.yaml']!)).toMatchObject({ namespace: runs });
    }
  });
});
