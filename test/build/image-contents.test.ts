import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../dev/temporal-binary';

/**
 * Issue 11 (image): no Docker engine here, so the one step of the Dockerfile that makes the runtime tree,
 * scripts/build-image-contents.sh, runs here, and the tree is started the way the image starts it: plain node
 * as an unprivileged user (nobody, as the image's USER 1000) with the tree and HOME not writable for it, and
 * TMPDIR the one allowed folder (the image's /tmp emptyDir). `--check` validates the configuration (and the
 * worker's starts the Starlark engine); afterwards nothing of that user's may exist outside the allowed folder.
 */
const MINUTES = 60_000;
const NOBODY = 65534;
const work = mkdtempSync(join(tmpdir(), 'kube-ci-image-'));
const app = join(work, 'out', 'app');
const allowed = join(work, 'tmp');
const secrets = join(work, 'secrets');
const nodeBin = join(work, 'bin', 'node');
let startedAt = 0;
afterAll(() => rmSync(work, { recursive: true, force: true }), 3 * MINUTES);

const output = (result: SpawnSyncReturns<string>): string => `${result.stdout}\n${result.stderr}`;

/** `node ARGS` in the tree as nobody, with HOME the (read-only) tree and only `env` besides. */
function asNobody(args: string[], env: Record<string, string>): SpawnSyncReturns<string> {
  const setpriv = ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups'];
  return spawnSync('setpriv', [...setpriv, nodeBin, ...args], {
    cwd: app,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: app, TMPDIR: allowed, ...env },
    timeout: 2 * MINUTES,
  });
}

beforeAll(() => {
  const built = spawnSync('bash', ['scripts/build-image-contents.sh', join(work, 'out')], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 10 * MINUTES,
  });
  expect(built.status, output(built)).toBe(0);
  // The machine's node may live under /root; the image has its own, so a copy stands in for it.
  mkdirSync(join(work, 'bin'));
  copyFileSync(process.execPath, nodeBin);
  mkdirSync(allowed);
  mkdirSync(secrets);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(secrets, 'key.pem'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
  const kubeconfig = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://127.0.0.1:1' } }]
contexts: [{ name: c, context: { cluster: c, user: u } }]
current-context: c
users: [{ name: u, user: { token: t } }]
`;
  writeFileSync(join(secrets, 'kubeconfig'), kubeconfig);
  writeFileSync(join(secrets, 'webhook-secret'), 'a webhook secret\n');
  mkdirSync(join(work, 'checkout', '.kube-ci'), { recursive: true });
  const pipeline = `print("rendered by", input.ref)
workflow = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": {"generateName": "x-"},
  "spec": {"entrypoint": "build", "templates": [{"name": "build", "container": {"image": "alpine"}}]}}
`;
  writeFileSync(join(work, 'checkout', '.kube-ci', 'ci.star'), pipeline);
  // Readable by everyone, writable by root only (the tree, HOME, the "Secret mounts"); the allowed folder is nobody's.
  spawnSync('chmod', ['-R', 'a+rX,go-w', work]);
  chmodSync(allowed, 0o700);
  spawnSync('chown', [`${NOBODY}:${NOBODY}`, allowed]);
  startedAt = Date.now();
}, 12 * MINUTES);

describe('the image runtime tree (scripts/build-image-contents.sh)', () => {
  it('holds compiled code and production dependencies only', () => {
    expect(existsSync(join(app, 'dist', 'workflows', 'workflow-bundle.js'))).toBe(true);
    expect(existsSync(join(app, 'dist', 'starlark-wasm', 'build', 'starlark.wasm'))).toBe(true);
    for (const devOnly of ['tsx', 'typescript', 'vitest', 'esbuild', 'tsc-alias'])
      expect(existsSync(join(app, 'node_modules', devOnly)), devOnly).toBe(false);
    const ts = spawnSync('find', [join(app, 'dist'), '-name', '*.ts'], { encoding: 'utf8' }).stdout.trim();
    expect(ts).toBe('');
  });

  it('starts the API --check as an unprivileged user, and names what is missing', () => {
    const ok = asNobody(['dist/api/main.js', '--check'], {
      KUBECI_GITHUB_APP_ID: '1',
      KUBECI_WEBHOOK_SECRET_FILE: join(secrets, 'webhook-secret'),
    });
    expect(ok.status, output(ok)).toBe(0);
    expect(ok.stdout).toContain('kube-ci api: configuration OK');
    const bad = asNobody(['dist/api/main.js', '--check'], { KUBECI_GITHUB_APP_ID: 'one' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('kube-ci api: configuration problems:');
    expect(bad.stderr).toContain('KUBECI_GITHUB_APP_ID');
  });

  it('starts the worker --check: its configuration, the Starlark engine, the prebuilt workflow bundle', () => {
    const ok = asNobody(['dist/worker/main.js', '--check'], {
      KUBECI_GITHUB_APP_ID: '1',
      KUBECI_GITHUB_KEY_FILE: join(secrets, 'key.pem'),
      KUBECI_KUBECONFIG: join(secrets, 'kubeconfig'),
    });
    expect(ok.status, output(ok)).toBe(0);
    expect(ok.stdout).toContain(
      `kube-ci worker: configuration OK, Starlark engine started, workflow code: ${join(app, 'dist', 'workflows', 'workflow-bundle.js')}`,
    );
  });

  it('renders a checkout with its CLI', () => {
    const rendered = asNobody(['dist/cli/kube-ci.js', 'render', '--ref', 'master', join(work, 'checkout')], {});
    expect(rendered.status, output(rendered)).toBe(0);
    expect(rendered.stderr).toContain('print: rendered by master');
    expect(rendered.stdout).toContain('kind: Workflow');
  });

  it('wrote nothing of its own outside the allowed folder', () => {
    // Anything nobody made since the runs began: in the tree, HOME and the secrets, and in the world-writable places.
    const since = ['-user', String(NOBODY), '-newermt', `@${Math.floor(startedAt / 1000) - 1}`];
    const find = (args: string[]): string[] =>
      spawnSync('find', args, { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    const made = [
      ...find([work, '-xdev', ...since]),
      ...find(['/tmp', '/var/tmp', '/dev/shm', '-xdev', '-maxdepth', '2', ...since]),
    ];
    expect(made.filter((path) => path !== allowed && !path.startsWith(`${allowed}/`))).toEqual([]);
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8');

  it('runs the same script, on the Node line CI tests, as a non-root user', () => {
    expect(dockerfile).toContain('RUN bash scripts/build-image-contents.sh /out');
    const nvmrc = readFileSync(join(projectRoot, '.nvmrc'), 'utf8').trim();
    expect(/^ARG NODE_VERSION=(\d+)$/m.exec(dockerfile)?.[1]).toBe(nvmrc.split('.')[0]);
    const users = [...dockerfile.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    expect(users.at(-1)).toMatch(/^[1-9]\d*:[1-9]\d*$/);
  });
});
