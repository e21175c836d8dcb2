import { request, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { scrape } from '../support/prometheus-text';
import { startProcess } from './child-processes';
import {
  argoWorkflowsFor,
  checkRunsFor,
  conclusionsSent,
  deliverAccepted,
  prepareCheckSuite,
  runningArgoWorkflow,
} from './deliveries';
import { buildAndTest } from './pipelines';
import { startStack, type Stack } from './stack';

interface Answer {
  status: number;
  body: string;
}

/**
 * One delivery sent in two halves: headers and the first half of the body now (the API has accepted the
 * connection and is reading the request), the rest on `finish()`. A request held like this is in flight for
 * as long as the test wants, which a fast hand-off to Temporal never is.
 */
function halfSent(port: number, delivery: { headers: Record<string, string>; body: string }) {
  const half = Math.floor(delivery.body.length / 2);
  let req!: ClientRequest;
  const answer = new Promise<Answer>((resolve, reject) => {
    req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/webhooks/github',
        agent: false,
        headers: { ...delivery.headers, 'content-length': String(Buffer.byteLength(delivery.body)) },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
  const connected = new Promise<void>((resolve) => req.once('socket', (s) => s.once('connect', () => resolve())));
  req.write(delivery.body.slice(0, half));
  return { connected, answer, finish: () => req.end(delivery.body.slice(half)) };
}

async function connectionRefused(port: number): Promise<boolean> {
  return await fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => false,
    (err: { cause?: { code?: string } }) => err.cause?.code === 'ECONNREFUSED',
  );
}

/** SIGTERM is how Kubernetes stops a pod: nothing a process had accepted may be lost by it. */
describe('SIGTERM', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('the API answers all 50 webhooks in flight, fails readiness, stops accepting, then exits 0', async () => {
    const port = await freePort();
    const api = startProcess(stack, 'api/main.ts', {
      KUBECI_API_PORT: String(port),
      KUBECI_GRACE_SHUTDOWN: '1s',
      KUBECI_GRACE_REQUESTS: '20s',
    });
    await api.waitForOutput(/kube-ci api listening/);
    const deliveries = await Promise.all(
      Array.from({ length: 50 }, () => prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest })),
    );
    const inFlight = deliveries.map(({ delivery }) => halfSent(port, delivery));
    await Promise.all(inFlight.map((r) => r.connected));
    // the API accepts and starts reading each request within milliseconds of its connection
    await new Promise((r) => setTimeout(r, 500));
    const exited = new Promise<number | null>((resolve) => api.child.once('exit', (code) => resolve(code)));
    api.child.kill('SIGTERM');
    await api.waitForOutput(/kube-ci api shutting down/);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    await api.waitForOutput(/stopped accepting connections/);
    expect(api.output()).toMatch(/"inFlight":50\b/);
    expect(await connectionRefused(port)).toBe(true);

    inFlight.forEach((r) => r.finish());
    const answers = await Promise.all(inFlight.map((r) => r.answer));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const ids = answers.map((a) => (JSON.parse(a.body) as { workflowId: string }).workflowId);
    expect(new Set(ids).size).toBe(50);
    // each answer stands for a run Temporal has
    const described = await Promise.all(ids.map((id) => stack.client.workflow.getHandle(id).describe()));
    expect(described.every((d) => d.type === 'ciRunWorkflow')).toBe(true);
    expect(await exited).toBe(0);
    expect(api.output()).toMatch(/kube-ci api stopped/);
    await Promise.all(ids.map((id) => stack.client.workflow.getHandle(id).terminate('test over')));
  }, 180_000);

  it('a worker stopped with SIGTERM while it follows runs: they finish on the other worker, each exactly once, without waiting for the heartbeat timeout', async () => {
    stack.argo.plan(() => ({ holdRunning: true }));
    // production's 60 s heartbeat timeout (domain/follow-heartbeat.ts): a stopped worker hands its runs over at
    // shutdown, not when their heartbeats are missed
    const first = startProcess(stack, 'worker/main.ts', {
      KUBECI_METRICS_PORT: '0',
      KUBECI_LOG_LEVEL: 'debug',
      KUBECI_FOLLOW_HEARTBEAT_TIMEOUT: '60s',
    });
    let second: ReturnType<typeof startProcess> | undefined;
    try {
      await first.waitForOutput(/kube-ci worker running/);
      // three runs, all followed by the first worker (the only one)
      const runs: Array<{ sha: string; handle: Awaited<ReturnType<typeof deliverAccepted>>; name: string }> = [];
      for (let i = 0; i < 3; i++) {
        // a branch each: runs of one branch supersede each other
        const files = { '.kube-ci/ci.yaml': buildAndTest };
        const { delivery, sha } = await prepareCheckSuite(stack, files, `feature/sigterm-${i}`);
        const handle = await deliverAccepted(stack, delivery);
        runs.push({ sha, handle, name: await runningArgoWorkflow(stack, handle) });
      }
      const metricsPort = await freePort();
      second = startProcess(stack, 'worker/main.ts', { KUBECI_METRICS_PORT: String(metricsPort) });
      await second.waitForOutput(/kube-ci worker metrics listening/);
      await second.waitForOutput(/kube-ci worker running/);

      const exited = new Promise<number | null>((resolve) => first.child.once('exit', (code) => resolve(code)));
      const stoppedAt = Date.now();
      first.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(first.output()).toMatch(/kube-ci worker stopped/);
      // activity log lines name their run (worker/run-log-fields.ts)
      const activityLines = first
        .output()
        .split('\n')
        .filter((line) => line.includes('"taskToken":'));
      expect(activityLines.some((line) => line.includes('"repo":"Codertocat/Hello-World"'))).toBe(true);
      expect(activityLines.some((line) => line.includes(`"sha":"${runs[0]!.sha}"`))).toBe(true);

      for (const run of runs) stack.argo.finish('argo', run.name, 'Succeeded');
      for (const run of runs) {
        expect(await run.handle.result()).toMatchObject({ outcome: 'success', argoWorkflow: { name: run.name } });
        // the shutdown grace (10 s) and a retry, not the 60 s heartbeat timeout
        expect(Date.now() - stoppedAt).toBeLessThan(45_000);
        expect(argoWorkflowsFor(stack, run.sha)).toHaveLength(1);
        const checkRuns = checkRunsFor(stack, run.sha);
        expect(checkRuns).toHaveLength(1);
        expect(checkRuns[0]!.fields).toMatchObject({ status: 'completed', conclusion: 'success' });
        expect(conclusionsSent(checkRuns[0]!)).toBe(1);
      }
      // the second worker concluded all three (the first was gone): its own /metrics says so
      const metrics = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.sum('kubeci_runs_total', { trigger: 'check_suite', conclusion: 'success' })).toBe(3);
    } catch (err) {
      console.log(first.output(), second?.output());
      throw err;
    } finally {
      await first.kill('SIGKILL');
      await second?.kill('SIGTERM');
      stack.argo.plan(() => ({}));
    }
  }, 180_000);
});
