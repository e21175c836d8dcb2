// renderStarlark sorts every way an evaluation can fail: what the script causes (its errors and every
// limit it hits) is the pipeline's error, located on a file of the repository and naming the setting of
// the limit; the engine's own trouble (a killed worker, no worker to be had) is thrown, so the activity
// retries instead of reporting a red check run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStarlarkPool, type PoolEvent, type StarlarkPool } from '../../starlark-wasm/src/index';
import { ensureEngineBuilt } from '../../starlark-wasm/test/support';
import { schema } from '../../config/schema';
import { LIMIT_SETTINGS, StarlarkEngineFailure } from '../../pipeline/starlark-failure';
import { memorySources, minimalWorkflow, render, startPool } from './support';

let pool: StarlarkPool;
beforeAll(async () => {
  pool = await startPool();
});
afterAll(async () => {
  await pool?.close();
});

const good = memorySources({ 'ci.star': `workflow = ${minimalWorkflow}\n` });
const spin = 'def f():\n    for i in range(1 << 62):\n        pass\nf()\n';

describe('renderStarlark: what the script causes is the pipeline’s error', () => {
  const cases: [string, string, Record<string, unknown>, Record<string, number>][] = [
    [
      'a 1e9-character string',
      'x = 1\ny = "x" * 1000000000\n',
      { file: '.kube-ci/ci.star', message: expect.stringMatching(/memory limit exceeded.*KUBECI_STARLARK_MAX_MEMORY/) },
      {},
    ],
    [
      'a list-doubling bomb',
      'def f():\n    x = [1]\n    for i in range(40):\n        x = x + x\nf()\n',
      { file: '.kube-ci/ci.star', message: expect.stringContaining('(limit set by KUBECI_STARLARK_MAX_MEMORY') },
      {},
    ],
    [
      'an infinite loop (steps)',
      spin,
      {
        file: '.kube-ci/ci.star',
        line: 2,
        message: expect.stringMatching(/too many steps.*KUBECI_STARLARK_MAX_STEPS/),
      },
      { maxSteps: 2_000_000 },
    ],
    [
      'an infinite loop (wall clock)',
      spin,
      {
        file: '.kube-ci/ci.star',
        message: expect.stringMatching(/wall-clock limit of 300 ms.*KUBECI_STARLARK_TIMEOUT/),
      },
      { timeoutMs: 300, maxSteps: 1e15 },
    ],
    [
      'deep recursion',
      'def down(n):\n    return down(n + 1)\nworkflow = down(0)\n',
      { file: '.kube-ci/ci.star', line: 2, message: expect.stringContaining('called recursively') },
      {},
    ],
    [
      'a syntax error',
      'x = 1\ny = (\n',
      { file: '.kube-ci/ci.star', line: 3, message: expect.stringContaining('starlark execution failed') },
      {},
    ],
    [
      'a 100 KB fail() message',
      'x = 1\nfail("x" * 100000)\n',
      { file: '.kube-ci/ci.star', line: 2, message: expect.stringContaining('more bytes were dropped') },
      {},
    ],
  ];
  it.each(cases)(
    '%s',
    async (_name, script, error, limits) => {
      const started = Date.now();
      const result = await render(pool, memorySources({ 'ci.star': script }), { limits });
      expect(result).toMatchObject({ kind: 'error', error });
      if (result.kind === 'error') expect(Buffer.byteLength(result.error.message)).toBeLessThan(4096 + 400);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect((await render(pool, good)).kind).toBe('workflow');
    },
    60_000,
  );

  it('keeps 1,000 of 10,000 print() lines and still renders the workflow', async () => {
    const script = `def f():\n    for i in range(10000):\n        print("line", i)\nf()\nworkflow = ${minimalWorkflow}\n`;
    const result = await render(pool, memorySources({ 'ci.star': script }));
    expect(result.kind).toBe('workflow');
    expect(result.prints).toHaveLength(1001);
    expect(result.prints.at(-1)).toMatch(/^… 9000 more lines of print\(\) output were dropped/);
  });

  it('names the settings config/schema.ts really has', () => {
    const settings = Object.values(schema) as { env?: string; file?: { key: string } }[];
    for (const { env, file } of Object.values(LIMIT_SETTINGS))
      expect(settings).toContainEqual(expect.objectContaining({ env, file: expect.objectContaining({ key: file }) }));
  });
});

describe('renderStarlark: the engine’s own trouble is thrown, for the activity to retry', () => {
  it('throws when the worker running the evaluation is killed', async () => {
    ensureEngineBuilt();
    const events: PoolEvent[] = [];
    const own = await createStarlarkPool({ size: 1, onEvent: (e) => events.push(e) });
    try {
      const rendering = render(own, memorySources({ 'ci.star': spin }), { limits: { maxSteps: 1e15 } });
      await new Promise((r) => setTimeout(r, 300));
      const worker = events.find((e) => e.type === 'worker-started');
      if (worker?.type === 'worker-started') await worker.worker.terminate();
      const thrown = await rendering.catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(StarlarkEngineFailure);
      expect(thrown).toMatchObject({ kind: 'crash', message: expect.stringContaining('not the script') });
      expect((await render(own, good)).kind).toBe('workflow');
    } finally {
      await own.close();
    }
  });

  it('throws when no worker can be had', async () => {
    const closed = await startPool();
    await closed.close();
    await expect(render(closed, good)).rejects.toMatchObject({ name: 'StarlarkEngineFailure', kind: 'unavailable' });
  });
});
