import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readyMarker } from '../../dev/banner';
import { readPlaygroundState, type PlaygroundState } from '../../dev/playground-state';
import { projectRoot } from '../../dev/temporal-binary';
import { freePort } from '../support/free-port';
import { isAlive, newcomerEnv, waitForOutput } from '../support/playground-process';

/**
 * Issue 11 (build): `npm pack` (its prepack is `npm run build`) gives a tarball that installs into an empty
 * folder and runs there on plain node. The folder is a checkout of its own: `npx kube-ci render` there renders
 * its `.kube-ci/ci.star` (so the Starlark wasm came along), and the smoke run: the playground with the
 * installed package's worker and API (`KUBECI_DEV_DIST`, `node …/dist/worker/main.js`, no tsx) takes a signed
 * sample webhook to a successful check run. One pack, one build and one install for the whole file.
 */
const MINUTES = 60_000;
const work = mkdtempSync(join(tmpdir(), 'kube-ci-pack-'));
const checkout = join(work, 'checkout');
const installed = join(checkout, 'node_modules', 'kube-ci-temporal');
afterAll(() => rmSync(work, { recursive: true, force: true }), 3 * MINUTES);

const output = (result: SpawnSyncReturns<string>): string => `${result.stdout}\n${result.stderr}`;
const run = (command: string, args: string[], cwd: string, minutes: number): SpawnSyncReturns<string> =>
  spawnSync(command, args, { cwd, encoding: 'utf8', env: newcomerEnv({}), timeout: minutes * MINUTES });

const ciStar = `print("hello from", input.ref)
workflow = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": {"generateName": "x-"},
  "spec": {"entrypoint": "build", "templates": [{"name": "build", "container": {"image": "alpine"}}]}}
`;

beforeAll(() => {
  const packed = run('npm', ['pack', '--pack-destination', work], projectRoot, 8);
  expect(packed.status, output(packed)).toBe(0);
  const tarball = readdirSync(work).find((name) => /^kube-ci-temporal-.*\.tgz$/.test(name));
  expect(tarball, output(packed)).toBeDefined();
  mkdirSync(join(checkout, '.kube-ci'), { recursive: true });
  writeFileSync(join(checkout, 'package.json'), JSON.stringify({ name: 'checkout', private: true }));
  writeFileSync(join(checkout, '.kube-ci', 'ci.star'), ciStar);
  const install = run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball!)],
    checkout,
    8,
  );
  expect(install.status, output(install)).toBe(0);
}, 16 * MINUTES);

describe('the packed package, installed in an empty folder', () => {
  it('ships compiled code and the Starlark engine, no TypeScript', () => {
    const files = spawnSync('find', [installed, '-type', 'f'], { encoding: 'utf8' }).stdout.split('\n');
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    for (const file of ['starlark-wasm/build/starlark.wasm', 'workflows/workflow-bundle.js', 'cli/kube-ci.js'])
      expect(files).toContain(join(installed, 'dist', file));
    expect(realpathSync(join(checkout, 'node_modules', '.bin', 'kube-ci'))).toBe(
      join(installed, 'dist', 'cli', 'kube-ci.js'),
    );
  });

  it('renders the checkout it is run in with npx kube-ci render', () => {
    const rendered = run('npx', ['kube-ci', 'render', '--ref', 'master'], checkout, 2);
    expect(rendered.status, output(rendered)).toBe(0);
    expect(rendered.stderr).toContain('print: hello from master');
    const workflow = parse(rendered.stdout) as { metadata: { name: string; labels: Record<string, string> } };
    expect(workflow.metadata.name).toMatch(/^checkout\.master\./);
    expect(workflow.metadata.labels).toMatchObject({ managedBy: 'kube-ci', repo: 'checkout', branch: 'master' });
  });
});

describe('the smoke run: the playground on the packed worker and API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-ci-playground-dist-'));
  const dist = join(installed, 'dist');
  let playground: ChildProcess;
  let state: PlaygroundState | undefined;
  let log = '';

  afterAll(async () => {
    if (playground?.exitCode === null) {
      const closed = new Promise((resolve) => playground.once('close', resolve));
      process.kill(-playground.pid!, 'SIGTERM');
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    }
    if (playground?.exitCode === null) process.kill(-playground.pid!, 'SIGKILL');
    for (const pid of Object.values(state?.pids ?? {})) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('takes a signed sample webhook to a successful check run', { timeout: 4 * MINUTES }, async () => {
    const ports = { temporal: await freePort(), ui: await freePort(), api: await freePort() };
    playground = spawn(process.execPath, ['--import', 'tsx', 'dev/playground.ts'], {
      cwd: projectRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: newcomerEnv({
        KUBECI_DEV_DIST: dist,
        KUBECI_DEV_DATA_DIR: dataDir,
        KUBECI_DEV_TEMPORAL_PORT: String(ports.temporal),
        KUBECI_DEV_UI_PORT: String(ports.ui),
        KUBECI_DEV_API_PORT: String(ports.api),
        KUBECI_DEV_STEP_DELAY_MS: '200',
      }),
    });
    playground.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    playground.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await waitForOutput(playground, () => log, readyMarker, 2 * MINUTES);
    state = readPlaygroundState(dataDir)!;

    // The worker and the API are the installed package's compiled code on plain node, no loader.
    for (const name of ['worker', 'api']) {
      const argv = readFileSync(`/proc/${state.pids[name]}/cmdline`, 'utf8').split('\0').filter(Boolean);
      expect(argv.slice(1)).toEqual([join(dist, name, 'main.js')]);
      const environ = readFileSync(`/proc/${state.pids[name]}/environ`, 'utf8');
      expect(environ).not.toMatch(/NODE_OPTIONS=[^\0]*tsx/);
    }
    expect(log).toContain(`workflowCode=${join(dist, 'workflows', 'workflow-bundle.js')}`);

    const sender = run('npx', ['tsx', 'scripts/send-sample-webhook.ts', '--data-dir', dataDir], projectRoot, 2);
    expect(sender.status, `${output(sender)}\n${log}`).toBe(0);
    const transitions = [...sender.stdout.matchAll(/^check run "Workflow - hello": (\S+)$/gm)].map((m) => m[1]);
    expect(transitions).toEqual(['queued', 'in_progress', 'completed/success']);
    // the workflow's own log line, through the packed worker's logger, follows the check run by a moment
    await waitForOutput(playground, () => log, 'INFO ci run finished', 20_000);
    expect(log).toMatch(/^worker +│ INFO ci run finished .*outcome=success/m);
  });
});
