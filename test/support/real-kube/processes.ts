/**
 * A real etcd + kube-apiserver for one e2e test file (the real-Kubernetes tier; binaries from
 * scripts/build-kube.sh). Static tokens: `admin` (group system:masters: the test setup and the Argo
 * simulator) and the worker's, whose user is the ServiceAccount kube-ci/kube-ci-worker, so the shipped
 * RoleBinding (deploy/rbac.yaml) is all it is granted. No controller-manager, scheduler or kubelet run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../free-port';

export const ADMIN_TOKEN = 'kube-ci-admin-token';
export const WORKER_TOKEN = 'kube-ci-worker-token';
export const WORKER_USER = 'system:serviceaccount:kube-ci:kube-ci-worker';

export interface RealKubeProcesses {
  /** https://127.0.0.1:port (self-signed serving certificate) */
  url: string;
  etcdUrl: string;
  /** folder with the apiserver and etcd logs */
  dir: string;
  close(): Promise<void>;
}

export interface RealKubeProcessOptions {
  /** `--min-request-timeout` (s): watches end after 1-2x this; default the server's 1800 */
  minRequestTimeoutSeconds?: number;
  /** extra kube-apiserver flags */
  extraArgs?: string[];
}

/** The folder build-kube.sh builds into (throws with the fix when the binaries are missing). */
export function kubeToolsDir(): string {
  const result = spawnSync(
    'bash',
    [fileURLToPath(new URL('../../../scripts/build-kube.sh', import.meta.url)), '--print-dir'],
    {
      encoding: 'utf8',
    },
  );
  return result.stdout.trim();
}

export async function startRealKubeProcesses(options: RealKubeProcessOptions = {}): Promise<RealKubeProcesses> {
  const tools = kubeToolsDir();
  for (const binary of ['etcd', 'kube-apiserver'])
    if (!existsSync(join(tools, binary)))
      throw new Error(
        `${join(tools, binary)} is missing: build it with \`npm run build:kube\` (scripts/build-kube.sh)`,
      );
  const dir = mkdtempSync(join(tmpdir(), 'kube-ci-real-kube-'));
  const children: ChildProcess[] = [];
  const close = async () => {
    await Promise.all(children.reverse().map(stopChild));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [clientPort, peerPort, securePort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${clientPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    children.push(
      start(join(tools, 'etcd'), dir, 'etcd', [
        `--data-dir=${join(dir, 'etcd-data')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=default=${peerUrl}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ]),
    );
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(
      join(dir, 'tokens.csv'),
      `${ADMIN_TOKEN},admin,admin-uid,"system:masters"\n` +
        `${WORKER_TOKEN},${WORKER_USER},worker-uid,"system:serviceaccounts,system:serviceaccounts:kube-ci"\n`,
    );
    children.push(
      start(join(tools, 'kube-apiserver'), dir, 'kube-apiserver', [
        `--etcd-servers=${etcdUrl}`,
        `--token-auth-file=${join(dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        `--service-account-key-file=${join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--secure-port=${securePort}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        // no kubernetes Service endpoints to keep (and a loopback address may not be one)
        '--endpoint-reconciler-type=none',
        `--cert-dir=${join(dir, 'certs')}`,
        '--service-cluster-ip-range=10.96.0.0/24',
        // the test compacts etcd itself (watch expiry); the server's own 5-minute compaction would be noise
        '--etcd-compaction-interval=0',
        ...(options.minRequestTimeoutSeconds ? [`--min-request-timeout=${options.minRequestTimeoutSeconds}`] : []),
        ...(options.extraArgs ?? []),
      ]),
    );
    const url = `https://127.0.0.1:${securePort}`;
    await waitReady(url, children, 60_000);
    return { url, etcdUrl, dir, close };
  } catch (error) {
    const log = readFileSync(join(dir, 'kube-apiserver.log'), 'utf8').split('\n');
    const tail = log
      .filter((line) => !line.startsWith('I'))
      .slice(-15)
      .join('\n');
    await close();
    throw new Error(`real kube-apiserver did not start (${String(error)}); the end of its log:\n${tail}`);
  }
}

function start(binary: string, dir: string, name: string, args: string[]): ChildProcess {
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(dir, `${name}.log`));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  // a crashed or killed test process must not leave servers behind
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitReady(url: string, children: ChildProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`${dead.spawnfile} exited with ${dead.exitCode}`);
    if ((await get(`${url}/readyz`, ADMIN_TOKEN).catch(() => 0)) === 200) return;
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function get(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Authorization: `Bearer ${token}` }, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
