// ci.star that a script's author got wrong ends its run with a red check run that names the limit's
// setting; a Starlark engine that cannot evaluate at all (no worker can be started) leaves the run
// waiting on activity retries, and the run goes on once the engine is back.
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStarlarkPool, type PoolEvent, type StarlarkPool } from '../../starlark-wasm/src/index';
import { ensureEngineBuilt, packageDir } from '../../starlark-wasm/test/support';
import { minimalWorkflow, testStarlarkRenderer } from '../pipeline/support';
import { deliverCheckSuite, owner, repo, waitUntil } from './deliveries';
import { startStack, type Stack } from './stack';

describe('ci.star limits end to end', () => {
  let stack: Stack;
  let pool: StarlarkPool;
  let buildCopy: string;
  const events: PoolEvent[] = [];
  /** why each evaluation the worker asked for failed, in order (a local activity has no pending-activity entry) */
  const renderFailures: string[] = [];
  beforeAll(async () => {
    ensureEngineBuilt();
    // A private copy of the engine build, so one test can make new workers fail to start.
    buildCopy = mkdtempSync(join(tmpdir(), 'starlark-e2e-'));
    cpSync(join(packageDir, 'build'), buildCopy, { recursive: true });
    pool = await createStarlarkPool({
      size: 1,
      wasmPath: join(buildCopy, 'starlark.wasm'),
      onEvent: (e) => events.push(e),
    });
    const renderer = testStarlarkRenderer(pool);
    stack = await startStack({
      renderStarlark: (github) => {
        const render = renderer(github);
        return async (input) => {
          try {
            return await render(input);
          } catch (err) {
            renderFailures.push(err instanceof Error ? err.message : String(err));
            throw err;
          }
        };
      },
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await pool?.close();
    rmSync(buildCopy, { recursive: true, force: true });
  });

  const checkRunOf = (sha: string) => stack.github.checkRuns(owner, repo).find((c) => c.headSha === sha);
  const goodStar = `workflow = ${minimalWorkflow}\n`;

  it('ends a memory bomb with a red check run on ci.star naming the memory setting, then serves the next run', async () => {
    const bomb = await deliverCheckSuite(stack, { '.kube-ci/ci.star': 'print("bomb")\nx = "x" * 1000000000\n' });
    expect(await bomb.handle.result()).toMatchObject({ outcome: 'invalid-pipeline' });
    const checkRun = checkRunOf(bomb.sha)!;
    expect(checkRun.fields).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const annotations = checkRun.history.flatMap(
      (h) => ((h.body['output'] as { annotations?: unknown[] })?.annotations ?? []) as Record<string, unknown>[],
    );
    expect(annotations).toEqual([
      expect.objectContaining({
        path: '.kube-ci/ci.star',
        annotation_level: 'failure',
        message: expect.stringMatching(/memory limit exceeded.*KUBECI_STARLARK_MAX_MEMORY/),
      }),
    ]);

    const next = await deliverCheckSuite(stack, { '.kube-ci/ci.star': goodStar });
    expect(await next.handle.result()).toMatchObject({ outcome: 'success' });
  }, 120_000);

  it('bounds a 100 KB fail() message and 10,000 print() lines on the check run', async () => {
    const script = 'def f():\n    for i in range(10000):\n        print("line", i)\nf()\nfail("x" * 100000)\n';
    const { sha, handle } = await deliverCheckSuite(stack, { '.kube-ci/ci.star': script });
    expect(await handle.result()).toMatchObject({ outcome: 'invalid-pipeline' });
    const output = checkRunOf(sha)!.fields['output'] as { summary: string; text: string };
    expect(output.summary).toContain('more bytes were dropped');
    expect(output.summary.length).toBeLessThan(5_000);
    expect(output.text).toContain('… 9000 more lines of print() output were dropped');
    expect(output.text.length).toBeLessThan(70_000);
  }, 120_000);

  it('retries the pipeline while no Starlark worker can be started, and runs once one can', async () => {
    renameSync(join(buildCopy, 'wasm_exec.js'), join(buildCopy, 'wasm_exec.js.away'));
    let run: Awaited<ReturnType<typeof deliverCheckSuite>>;
    try {
      const worker = events.filter((e) => e.type === 'worker-started').at(-1);
      if (worker?.type === 'worker-started') await worker.worker.terminate();
      await waitUntil(() => events.some((e) => e.type === 'spawn-failed'), 10_000);

      const before = renderFailures.length;
      run = await deliverCheckSuite(stack, { '.kube-ci/ci.star': goodStar });
      // two attempts of the pipeline's activity, each failed on the engine, not the script: a retry, not an end
      await waitUntil(() => renderFailures.length - before >= 2, 30_000);
      for (const failure of renderFailures.slice(before))
        expect(failure).toContain('the Starlark engine failed (unavailable), not the script');
      expect(checkRunOf(run.sha)?.fields['conclusion'] ?? null).toBeNull();
    } finally {
      renameSync(join(buildCopy, 'wasm_exec.js.away'), join(buildCopy, 'wasm_exec.js'));
    }
    expect(await run.handle.result()).toMatchObject({ outcome: 'success' });
    expect(checkRunOf(run.sha)!.fields).toMatchObject({ conclusion: 'success' });
  }, 120_000);
});
