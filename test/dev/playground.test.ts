import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyMarker } from '../../dev/banner';
import { isPortFree } from '../../dev/playground-settings';
import { readPlaygroundState, stateFilePath, type PlaygroundState } from '../../dev/playground-state';
import { projectRoot } from '../../dev/temporal-binary';
import { freePort } from '../support/free-port';
import { isAlive, newcomerEnv, waitForOutput } from '../support/playground-process';

describe('npm run dev without a GitHub App or cluster', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kube-ci-playground-'));
  let ports: { temporal: number; ui: number; api: number };
  let playground: ChildProcess;
  let output = '';
  let state: PlaygroundState;

  beforeAll(async () => {
    ports = { temporal: await freePort(), ui: await freePort(), api: await freePort() };
    // Exactly what the newcomer types, in its own process group like a terminal's foreground job.
    playground = spawn('npm', ['run', '--silent', 'dev'], {
      cwd: projectRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: newcomerEnv({
        KUBECI_DEV_DATA_DIR: dataDir,
        KUBECI_DEV_TEMPORAL_PORT: String(ports.temporal),
        KUBECI_DEV_UI_PORT: String(ports.ui),
        KUBECI_DEV_API_PORT: String(ports.api),
        KUBECI_DEV_STEP_DELAY_MS: '300',
      }),
    });
    playground.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    playground.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForOutput(playground, () => output, readyMarker, 90_000);
    state = readPlaygroundState(dataDir)!;
  }, 100_000);

  afterAll(() => {
    // Only if a test failed before the SIGTERM test: nothing of the playground may outlive the suite.
    if (playground?.exitCode === null) process.kill(-playground.pid!, 'SIGKILL');
    for (const pid of Object.values(state?.pids ?? {})) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('labels the stand-ins and prints addresses that answer', async () => {
    expect(output).toContain('STAND-INS');
    expect(output).toMatch(/STAND-IN GitHub +http:\/\/127\.0\.0\.1:\d+ +\(App id 29310/);
    expect(output).toMatch(/STAND-IN Kubernetes \+ Argo simulator +http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain(`Temporal Web UI    http://localhost:${ports.ui}\n`);
    expect(output).toContain(`Webhook address    http://localhost:${ports.api}/webhooks/github\n`);
    expect(output).toContain(
      `Temporal server    127.0.0.1:${ports.temporal}  (history kept in ${join(dataDir, 'temporal.sqlite')})`,
    );
    // each child's lines carry its name
    expect(output).toMatch(/^api +│ INFO kube-ci api listening port=\d+$/m);
    expect(output).toMatch(/^worker +│ INFO kube-ci worker running /m);

    const ui = await fetch(`http://localhost:${ports.ui}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/<html/i);
    const unsigned = await fetch(`http://localhost:${ports.api}/webhooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'x',
        'x-hub-signature-256': 'sha256=00',
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(401); // the real API, checking signatures with the playground's secret
    expect(existsSync(join(dataDir, 'temporal.sqlite'))).toBe(true);
    // the stand-in's App private key, written by the fake GitHub for the worker: owner-only
    expect(statSync(join(dataDir, 'stand-in-github-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('runs the printed sample command from webhook to a successful check run, findable in the Temporal UI', async () => {
    const command = /^ {2}(npx tsx scripts\/send-sample-webhook\.ts.*)$/m.exec(output)?.[1];
    expect(command).toBe(`npx tsx scripts/send-sample-webhook.ts --data-dir ${dataDir}`);
    const sender = spawn('sh', ['-c', command!], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: newcomerEnv({}),
    });
    let sent = '';
    sender.stdout!.on('data', (chunk: Buffer) => (sent += chunk.toString()));
    sender.stderr!.on('data', (chunk: Buffer) => (sent += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => sender.once('exit', resolve));
    expect(code, sent).toBe(0);

    const transitions = [...sent.matchAll(/^check run "Workflow - hello": (\S+)$/gm)].map((m) => m[1]);
    expect(transitions).toEqual(['queued', 'in_progress', 'completed/success']);
    const answer = /→ 202 (\{.*\})$/m.exec(sent)?.[1];
    const { workflowId } = JSON.parse(answer!) as { workflowId: string };
    expect(workflowId).toMatch(/^ci\/Codertocat\/Hello-World\//);
    expect(sent).toContain(
      `Temporal Web UI: http://localhost:${ports.ui}/namespaces/default/workflows/${encodeURIComponent(workflowId)}\n`,
    );

    // The search the banner suggests finds the run, through the Web UI's own API.
    // The check run completes just before the workflow returns, and visibility follows a moment later.
    const query = encodeURIComponent('Repo = "Codertocat/Hello-World"');
    let status: string | undefined;
    for (
      const deadline = Date.now() + 10_000;
      status !== 'WORKFLOW_EXECUTION_STATUS_COMPLETED' && Date.now() < deadline;
    ) {
      await new Promise((r) => setTimeout(r, 200));
      const listed = (await (
        await fetch(`http://localhost:${ports.ui}/api/v1/namespaces/default/workflows?query=${query}`)
      ).json()) as {
        executions: Array<{ execution: { workflowId: string }; status: string }>;
      };
      status = listed.executions.find((e) => e.execution.workflowId === workflowId)?.status;
    }
    expect(status).toBe('WORKFLOW_EXECUTION_STATUS_COMPLETED');
    expect(output).toMatch(/^worker +│ INFO ci run finished .*outcome=success/m);
    // The real Octokit client spoke only GitHub's documented API to the stand-in.
    expect(await (await fetch(`${state.githubUrl}/_fake/schema-violations`)).json()).toEqual([]);
  }, 60_000);

  it('stops every child on SIGTERM and frees their ports', async () => {
    const githubPort = Number(new URL(state.githubUrl).port);
    // npm itself dies of the signal at once; the job is over when the last writer of its output (the
    // playground) has exited, which 'close' reports.
    const closed = new Promise<void>((resolve) => playground.once('close', () => resolve()));
    process.kill(-playground.pid!, 'SIGTERM'); // the whole foreground job, as a terminal or process manager does
    await closed;
    const deadline = Date.now() + 20_000;
    while (Object.values(state.pids).some(isAlive) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));

    expect(Object.keys(state.pids).sort()).toEqual(['api', 'github', 'kube', 'temporal', 'worker']);
    expect(Object.entries(state.pids).filter(([, pid]) => isAlive(pid))).toEqual([]);
    for (const port of [ports.temporal, ports.ui, ports.api, githubPort])
      expect(await isPortFree(port), `port ${port}`).toBe(true);
    expect(output).toMatch(/^playground│ stopped$/m);
    expect(output).not.toContain('exited unexpectedly');
    expect(existsSync(stateFilePath(dataDir))).toBe(false);
  }, 30_000);
});
