import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { temporalConnection } from '../../config/slices';
import { loadOk, loadProblems, minimalEnv } from './memory-files';

const committed = readFileSync(new URL('../../temporal.yaml', import.meta.url), 'utf8');
const T = '/etc/kube-ci/temporal.yaml';

describe('temporal.yaml', () => {
  it('the committed file points at the embedded dev server', () => {
    const { config } = loadOk({ files: { './temporal.yaml': committed } });
    expect(config.sources.temporalConfigFile).toBe('./temporal.yaml');
    expect(config.temporal).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'kube-ci',
      uiBase: 'http://localhost:8233',
      apiKey: '',
      tls: undefined,
      worker: {
        maxConcurrentActivityTaskExecutions: 2000,
        maxConcurrentWorkflowTaskExecutions: 40,
        maxCachedWorkflows: 250,
        shutdownGraceTimeMs: 10_000,
      },
      devServer: { port: 7233, uiPort: 8233, dbFile: '.data/temporal.sqlite' },
    });
  });

  it('reads a file named by KUBECI_TEMPORAL_CONFIG, and the environment overrides it', () => {
    const yaml =
      'address: temporal.internal:7233\nnamespace: ci\ntaskQueue: builds\nworker:\n  shutdownGraceTime: 1m30s\n';
    const env = { ...minimalEnv, KUBECI_TEMPORAL_CONFIG: T, TEMPORAL_NAMESPACE: 'ci-prod' };
    const { config } = loadOk({ env, files: { [T]: yaml } });
    expect(config.temporal).toMatchObject({
      address: 'temporal.internal:7233',
      namespace: 'ci-prod',
      taskQueue: 'builds',
    });
    expect(config.temporal.worker.shutdownGraceTimeMs).toBe(90_000);
  });

  it('falls back to defaults when the default path is absent, but not when a set path is', () => {
    expect(loadOk({}).config.sources.temporalConfigFile).toBe('');
    expect(loadProblems({ env: { ...minimalEnv, KUBECI_TEMPORAL_CONFIG: T } })).toEqual([
      `KUBECI_TEMPORAL_CONFIG: cannot read "${T}": ENOENT`,
    ]);
  });

  it('reads TLS material from the files it names and hands it to the connection', () => {
    const yaml = `tls:\n  serverName: ns.tmprl.cloud\n  certFile: /tls/c.pem\n  keyFile: /tls/k.pem\n`;
    const files = { './temporal.yaml': yaml, '/tls/c.pem': 'CERT', '/tls/k.pem': 'KEY', '/tls/ca.pem': 'CA' };
    const { config } = loadOk({ env: { ...minimalEnv, TEMPORAL_TLS_CA_FILE: '/tls/ca.pem' }, files });
    expect(config.temporal.tls).toEqual({
      serverName: 'ns.tmprl.cloud',
      clientCert: 'CERT',
      clientKey: 'KEY',
      caCert: 'CA',
    });
    const tls = temporalConnection(config).tls!;
    expect(tls.serverNameOverride).toBe('ns.tmprl.cloud');
    expect(Buffer.from(tls.clientCertPair!.key).toString()).toBe('KEY');
    expect(Buffer.from(tls.serverRootCACertificate!).toString()).toBe('CA');
  });

  it('turns TLS on for an API key, which is passed to the connection', () => {
    const { config } = loadOk({ env: { ...minimalEnv, TEMPORAL_API_KEY: 'tk' } });
    expect(temporalConnection(config)).toMatchObject({ apiKey: 'tk', tls: {} });
    expect(temporalConnection(loadOk({}).config)).not.toHaveProperty('tls');
  });

  it('reports unknown keys, half an mTLS pair and unreadable TLS files', () => {
    const yaml = 'adress: x:1\ntls:\n  keyFile: /tls/k.pem\ndevServer:\n  port: 70000\n';
    expect(loadProblems({ files: { './temporal.yaml': yaml } })).toEqual([
      './temporal.yaml: adress: unknown key (did you mean address?)',
      './temporal.yaml: devServer.port: must be an integer from 1 to 65535, got 70000',
      './temporal.yaml: tls.keyFile: cannot read the Temporal client key "/tls/k.pem": ENOENT',
      './temporal.yaml: tls.keyFile: mTLS needs both a client certificate and a client key file',
    ]);
  });
});
