import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleCommand } from '../../dev/banner';
import { humanLogLine, pinoMessage } from '../../dev/log-lines';
import { devPort, isLocalAddress, playgroundMode, standInBaseEnv } from '../../dev/playground-settings';
import { projectRoot } from '../../dev/temporal-binary';

describe('playgroundMode', () => {
  it('serves the real App and cluster only when both an App id and a kubeconfig are set', () => {
    expect(playgroundMode({ KUBECI_GITHUB_APP_ID: '1234', KUBECI_KUBECONFIG: '/k' })).toBe('configured');
    expect(playgroundMode({ KUBECI_GITHUB_APP_ID: '1234' })).toBe('stand-ins');
    expect(playgroundMode({ KUBECI_KUBECONFIG: '/k' })).toBe('stand-ins');
    expect(playgroundMode({ KUBECI_GITHUB_APP_ID: '0', KUBECI_KUBECONFIG: '/k' })).toBe('stand-ins');
    expect(playgroundMode({ KUBECI_GITHUB_APP_ID: ' ', KUBECI_KUBECONFIG: '/k' })).toBe('stand-ins');
    expect(playgroundMode({ KUBECI_GITHUB_APP_ID: '1234', KUBECI_KUBECONFIG: '' })).toBe('stand-ins');
    expect(playgroundMode({})).toBe('stand-ins');
  });
});

describe('standInBaseEnv', () => {
  it("keeps the user's kube-ci and Temporal settings away from the stand-ins, and says which", () => {
    const { env, ignored } = standInBaseEnv({
      PATH: '/bin',
      HOME: '/home/me',
      KUBECI_GITHUB_APP_ID: '1234',
      KUBECI_ORGS: 'acme',
      KUBECI_EMPTY: '',
      TEMPORAL_ADDRESS: 'cloud:7233',
      TEMPORAL_CLI_PATH: '/opt/temporal',
      KUBECI_DEV_API_PORT: '9000',
      KUBECI_LOG_LEVEL: 'debug',
    });
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/home/me',
      TEMPORAL_CLI_PATH: '/opt/temporal',
      KUBECI_DEV_API_PORT: '9000',
      KUBECI_LOG_LEVEL: 'debug',
    });
    expect(ignored).toEqual(['KUBECI_GITHUB_APP_ID', 'KUBECI_ORGS', 'TEMPORAL_ADDRESS']);
  });
});

describe('devPort', () => {
  it('takes KUBECI_DEV_<name> over the configured port and rejects what is not a port', () => {
    expect(devPort({}, 'API_PORT', 8080)).toBe(8080);
    expect(devPort({ KUBECI_DEV_API_PORT: '' }, 'API_PORT', 8080)).toBe(8080);
    expect(devPort({ KUBECI_DEV_API_PORT: '9001' }, 'API_PORT', 8080)).toBe(9001);
    expect(() => devPort({ KUBECI_DEV_API_PORT: 'eighty' }, 'API_PORT', 8080)).toThrow(
      'KUBECI_DEV_API_PORT=eighty is not a port',
    );
    expect(() => devPort({ KUBECI_DEV_UI_PORT: '70000' }, 'UI_PORT', 8233)).toThrow('KUBECI_DEV_UI_PORT');
  });
});

describe('isLocalAddress', () => {
  it('recognises the address of a dev server on this machine and port', () => {
    expect(isLocalAddress('127.0.0.1:7233', 7233)).toBe(true);
    expect(isLocalAddress('localhost:7233', 7233)).toBe(true);
    expect(isLocalAddress('[::1]:7233', 7233)).toBe(true);
    expect(isLocalAddress('localhost:7234', 7233)).toBe(false);
    expect(isLocalAddress('my-ns.a1b2c.tmprl.cloud:7233', 7233)).toBe(false);
  });
});

describe('humanLogLine', () => {
  const line = (entry: Record<string, unknown>) =>
    JSON.stringify({ level: 30, time: 1, pid: 7, hostname: 'h', process: 'api', ...entry });

  it('shows level, message and the simple fields of a pino line, not the routine ones or nested objects', () => {
    expect(humanLogLine(line({ msg: 'kube-ci api listening', port: 8080 }))).toBe(
      'INFO kube-ci api listening port=8080',
    );
    expect(humanLogLine(line({ msg: 'kube-ci worker starting', config: { github: { appId: 1 } } }))).toBe(
      'INFO kube-ci worker starting',
    );
    expect(humanLogLine(line({ level: 50, msg: 'boom', err: { message: 'no route', stack: '…' }, repo: 'a b' }))).toBe(
      'ERROR boom err="no route" repo="a b"',
    );
  });

  it('shortens multi-line info but keeps warnings and errors whole', () => {
    expect(humanLogLine(line({ msg: 'asset bundle\nmodule a\nmodule b' }))).toBe('INFO asset bundle (2 more lines)');
    expect(humanLogLine(line({ level: 40, msg: 'careful\nhere' }))).toBe('WARN careful\nhere');
  });

  it('passes other lines unchanged', () => {
    expect(humanLogLine('Temporal UI: http://localhost:8233')).toBe('Temporal UI: http://localhost:8233');
    expect(humanLogLine('{"not": "pino"}')).toBe('{"not": "pino"}');
    expect(pinoMessage(line({ msg: 'kube-ci worker running' }))).toBe('kube-ci worker running');
    expect(pinoMessage('{broken')).toBeUndefined();
  });
});

describe('sampleCommand', () => {
  it('is the bare command for the default data dir and names any other', () => {
    expect(sampleCommand(join(projectRoot, '.data'))).toBe('npx tsx scripts/send-sample-webhook.ts');
    expect(sampleCommand('/tmp/pg')).toBe('npx tsx scripts/send-sample-webhook.ts --data-dir /tmp/pg');
    expect(sampleCommand('/tmp/my dir')).toBe("npx tsx scripts/send-sample-webhook.ts --data-dir '/tmp/my dir'");
  });
});
