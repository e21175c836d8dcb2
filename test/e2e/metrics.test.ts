import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStarlarkRenderer } from '../../activities/starlark/starlark-renderer';
import { DEFAULT_STARLARK_LIMITS } from '../../pipeline/render-starlark';
import type { StarlarkPool } from '../../starlark-wasm/src/index';
import { startPool } from '../pipeline/support';
import { scrape, type Scrape } from '../support/prometheus-text';
import { examplePayload, postDelivery, signedDelivery } from '../support/webhook-delivery';
import { checkRunsFor, deliverCheckSuite, waitUntil } from './deliveries';
import { startStack, webhookSecret, type Stack } from './stack';

/** A ci.star that renders buildAndTest's shape in a few hundred steps. */
const ciStar = `workflow = {
    "apiVersion": "argoproj.io/v1alpha1",
    "kind": "Workflow",
    "metadata": {"generateName": "ci-", "annotations": {"kube-ci.qutics.com/runForBranch": "true"}},
    "spec": {"entrypoint": "build", "templates": [
        {"name": "build", "steps": [[{"name": "compile", "template": "compile"}]]},
        {"name": "compile", "container": {"image": "golang:1.22", "command": ["go", "build"]}},
    ]},
}
`;
/** Far past the test's step limit. */
const endless = 'workflow = len([i for i in range(10000000)])\n';
const MAX_STEPS = 200_000;

/**
 * `/metrics` after runs through the stand-ins: every family kube-ci exports is there, and the values are the
 * ones these runs must have produced (the API and the worker share this process, so one scrape shows both).
 */
describe('/metrics after runs through the stand-ins', () => {
  let stack: Stack;
  let pool: StarlarkPool;
  let before: Scrape;
  let after: Scrape;
  const installation = String(examplePayload('check_suite', 'requested')['installation'].id);

  beforeAll(async () => {
    pool = await startPool(1);
    stack = await startStack({
      renderStarlark: (github) =>
        createStarlarkRenderer({
          pool,
          github,
          https: { allowedHosts: [], maxBytes: 1 << 20, timeoutMs: 5_000 },
          limits: { ...DEFAULT_STARLARK_LIMITS, maxSteps: MAX_STEPS, timeoutMs: 10_000 },
          pipelineFiles: { contextPath: '.kube-ci', starlarkFile: 'ci.star' },
        }),
    });
    before = await scrape(`${stack.apiUrl}/metrics`);
    // one run that succeeds, one whose ci.star hits the step limit, one forged and one ignored delivery
    const good = await deliverCheckSuite(stack, { '.kube-ci/ci.star': ciStar });
    expect(await good.handle.result()).toMatchObject({ outcome: 'success' });
    const bad = await deliverCheckSuite(stack, { '.kube-ci/ci.star': endless });
    expect(await bad.handle.result()).toMatchObject({ outcome: 'invalid-pipeline' });
    expect(checkRunsFor(stack, bad.sha)[0]!.fields['output']).toMatchObject({
      summary: expect.stringContaining('KUBECI_STARLARK_MAX_STEPS'),
    });
    const forged = await signedDelivery('not-the-secret', 'check_suite', examplePayload('check_suite', 'requested'));
    expect((await postDelivery(stack.apiUrl, forged)).status).toBe(401);
    const ping = await signedDelivery(webhookSecret, 'ping', examplePayload('ping'));
    expect((await postDelivery(stack.apiUrl, ping)).status).toBe(200);
    // the submit latency is observed after the activity returned (it asks Temporal for the run's start)
    await waitUntil(async () => {
      after = await scrape(`${stack.apiUrl}/metrics`);
      return after.sum('kubeci_run_start_to_argo_workflow_seconds_count') >= 1;
    });
  }, 240_000);
  afterAll(async () => {
    await stack?.close();
    await pool?.close();
  });

  const delta = (name: string, labels?: Record<string, string>) => after.sum(name, labels) - before.sum(name, labels);

  it('exposes every family with its type, and process metrics', () => {
    expect(Object.fromEntries([...after.types].filter(([name]) => name.startsWith('kubeci_')))).toEqual({
      kubeci_webhooks_total: 'counter',
      kubeci_webhook_to_run_start_seconds: 'histogram',
      kubeci_runs_total: 'counter',
      kubeci_run_start_to_argo_workflow_seconds: 'histogram',
      kubeci_check_run_update_lag_seconds: 'histogram',
      kubeci_github_requests_total: 'counter',
      kubeci_github_rate_limit_remaining: 'gauge',
      kubeci_kubernetes_requests_total: 'counter',
      kubeci_starlark_evaluations_total: 'counter',
      kubeci_starlark_limit_hits_total: 'counter',
      kubeci_starlark_evaluation_seconds: 'histogram',
    });
    expect(after.types.get('process_cpu_user_seconds_total')).toBe('counter');
  });

  it('counts webhooks by event and answer, and times the two run starts', () => {
    expect(delta('kubeci_webhooks_total', { event: 'check_suite', status: '202' })).toBe(2);
    expect(delta('kubeci_webhooks_total', { event: 'unverified', status: '401' })).toBe(1);
    expect(delta('kubeci_webhooks_total', { event: 'ping', status: '200' })).toBe(1);
    expect(delta('kubeci_webhook_to_run_start_seconds_count', { event: 'check_suite' })).toBe(2);
    // a hand-off takes milliseconds: the sum of two is well under the API's 10 s request timeout
    expect(delta('kubeci_webhook_to_run_start_seconds_sum', { event: 'check_suite' })).toBeLessThan(10);
  });

  it('counts runs by trigger and conclusion, and the latencies of the one that ran on Argo', () => {
    expect(delta('kubeci_runs_total', { trigger: 'check_suite', conclusion: 'success' })).toBe(1);
    expect(delta('kubeci_runs_total', { trigger: 'check_suite', conclusion: 'failure' })).toBe(1);
    expect(delta('kubeci_runs_total')).toBe(2);
    expect(delta('kubeci_run_start_to_argo_workflow_seconds_count')).toBe(1);
    const submitted = delta('kubeci_run_start_to_argo_workflow_seconds_sum');
    expect(submitted).toBeGreaterThan(0);
    expect(submitted).toBeLessThan(60);
    expect(delta('kubeci_check_run_update_lag_seconds_count', { kind: 'progress' })).toBeGreaterThanOrEqual(1);
    expect(delta('kubeci_check_run_update_lag_seconds_count', { kind: 'conclusion' })).toBe(1);
  });

  it('counts GitHub requests by operation and status, and the rate limit GitHub reported', () => {
    const created = { operation: 'POST /repos/{owner}/{repo}/check-runs', status: '201' };
    expect(delta('kubeci_github_requests_total', created)).toBe(2);
    const patches = { operation: 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', status: '200' };
    expect(delta('kubeci_github_requests_total', patches)).toBeGreaterThanOrEqual(2);
    const sent = stack.github.requests.filter((r) => r.path.includes('/check-runs')).length;
    expect(delta('kubeci_github_requests_total')).toBeGreaterThanOrEqual(sent);
    expect(after.sum('kubeci_github_rate_limit_remaining', { installation })).toBe(
      stack.github.rateLimitRemaining(Number(installation)),
    );
    expect(after.sum('kubeci_github_rate_limit_remaining', { installation: 'app' })).toBe(
      stack.github.rateLimitRemaining('app'),
    );
  });

  it('counts Kubernetes requests by verb, resource and code', () => {
    const creates = { verb: 'create', resource: 'workflows', code: '201' };
    expect(delta('kubeci_kubernetes_requests_total', creates)).toBe(1);
    expect(after.sum('kubeci_kubernetes_requests_total', { verb: 'watch', resource: 'workflows' })).toBeGreaterThan(0);
    expect(delta('kubeci_kubernetes_requests_total', { verb: 'get', resource: 'workflows' })).toBeGreaterThan(0);
  });

  it('counts Starlark evaluations and the limit the endless script hit', () => {
    expect(delta('kubeci_starlark_evaluations_total', { result: 'ok' })).toBe(1);
    expect(delta('kubeci_starlark_evaluations_total', { result: 'steps' })).toBe(1);
    expect(delta('kubeci_starlark_limit_hits_total', { limit: 'steps' })).toBe(1);
    expect(delta('kubeci_starlark_evaluation_seconds_count')).toBe(2);
  });
});
