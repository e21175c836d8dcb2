import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyMarker } from '../../dev/banner';
import { startStandIns, type StandIns } from '../../dev/stand-ins';
import { projectRoot } from '../../dev/temporal-binary';
import { freePort } from '../support/free-port';

function withoutKubeCiSettings(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(KUBECI_|TEMPORAL_)/.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * "A GitHub App and a cluster configured": played here by the same stand-ins, started by the test and
 * handed to `npm run dev` only through the documented KUBECI_* and TEMPORAL_* variables.
 */
describe('npm run dev with a GitHub App and cluster configured', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-ci-playground-configured-'));
  let standIns: StandIns;
  let ports: { temporal: number; ui: number; api: number };
  let playground: ChildProcess;
  let output = '';
  const pidOf = (name: string): number => Number(new RegExp(`started ${name} \\(pid (\\d+)\\)`).exec(output)?.[1]);

  beforeAll(async () => {
    standIns = await startStandIns({ dataDir, stepDelayMs: 300, onLine: () => undefined });
    ports = { temporal: await freePort(), ui: await freePort(), api: await freePort() };
    playground = spawn('npm', ['run', '--silent', 'dev'], {
      cwd: projectRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: withoutKubeCiSettings({
        ...standIns.kubeCiEnv,
        TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
        TEMPORAL_UI_BASE: `http://localhost:${ports.ui}`,
        KUBECI_API_PORT: String(ports.api),
        KUBECI_DEV_TEMPORAL_PORT: String(ports.temporal),
        KUBECI_DEV_UI_PORT: String(ports.ui),
        KUBECI_DEV_DATA_DIR: dataDir,
      }),
    });
    playground.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    playground.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until(() => output.includes(readyMarker) || playground.exitCode !== null, 'the ready banner', 90_000);
    expect(output).toContain(readyMarker);
  }, 100_000);

  afterAll(async () => {
    if (playground?.exitCode === null) process.kill(-playground.pid!, 'SIGKILL');
    for (const name of ['temporal', 'worker', 'api']) if (isAlive(pidOf(name))) process.kill(pidOf(name), 'SIGKILL');
    await Promise.all([standIns?.github.stop(5000), standIns?.kube.stop(5000)]);
  });

  it('serves the configured App with a local dev server, and starts no stand-ins of its own', async () => {
    expect(output).toContain(`${readyMarker} — serving your GitHub App 29310 and your cluster.`);
    expect(output).not.toContain('STAND-IN');
    expect(output).toContain(`Temporal Web UI    http://localhost:${ports.ui}\n`);
    expect(output).toContain(`Webhook address    http://localhost:${ports.api}/webhooks/github\n`);
    expect(output).not.toMatch(/started (github|kube) /);

    const command = [
      'npx tsx scripts/send-sample-webhook.ts',
      `--data-dir ${mkdtempSync(join(tmpdir(), 'no-playground-state-'))}`,
      `--api http://localhost:${ports.api} --github ${standIns.githubUrl}`,
      `--secret ${standIns.kubeCiEnv['KUBECI_WEBHOOK_SECRET']} --temporal-ui http://localhost:${ports.ui}`,
    ].join(' ');
    const sender = spawn('sh', ['-c', command], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: withoutKubeCiSettings({}),
    });
    let sent = '';
    sender.stdout!.on('data', (chunk: Buffer) => (sent += chunk.toString()));
    sender.stderr!.on('data', (chunk: Buffer) => (sent += chunk.toString()));
    expect(await new Promise((resolve) => sender.once('exit', resolve)), sent).toBe(0);
    expect(sent).toMatch(/^check run "Workflow - hello": completed\/success$/m);
  }, 60_000);

  it('says so when a child dies, and stops the others', async () => {
    const others = ['temporal', 'api'].map(pidOf);
    expect(others.every(isAlive)).toBe(true);
    const closed = new Promise<number | null>((resolve) => playground.once('close', (code) => resolve(code)));
    process.kill(pidOf('worker'), 'SIGKILL');

    expect(await closed).toBe(1);
    expect(output).toMatch(/^playground│ worker exited unexpectedly \(signal SIGKILL\): stopping the playground$/m);
    expect(output).toMatch(/^playground│ stopped$/m);
    await until(() => !others.some(isAlive), 'the other children to exit', 20_000);
  }, 30_000);
});
