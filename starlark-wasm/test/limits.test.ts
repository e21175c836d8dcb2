// Every limit ends the evaluation with its own error kind within its bound,
// and the same pool (one worker, replaced when it had to be discarded) then
// serves the next evaluation normally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStarlarkPool, type EvaluateRequest, type StarlarkPool } from '../src/index';
import { ensureEngineBuilt, wasmPath } from './support';

const busyLoop = 'def spin():\n    for i in range(1000000000):\n        pass\nspin()\n';

let pool: StarlarkPool;
beforeAll(async () => {
  ensureEngineBuilt();
  pool = await createStarlarkPool({ size: 1, wasmPath });
});
afterAll(async () => pool?.close());

async function timed(
  request: EvaluateRequest,
): Promise<{ result: Awaited<ReturnType<StarlarkPool['evaluate']>>; ms: number }> {
  const started = Date.now();
  const result = await pool.evaluate(request);
  return { result, ms: Date.now() - started };
}

async function expectPoolServes(p: StarlarkPool = pool): Promise<void> {
  const result = await p.evaluate({
    filename: 'ok.star',
    source: 'x = 40 + 2\n',
    limits: { maxSteps: 1000, timeoutMs: 5000 },
  });
  expect(result).toMatchObject({ ok: true, globals: { x: 42 } });
}

describe('limits', () => {
  it('stops an infinite loop at its step budget', async () => {
    const { result, ms } = await timed({
      filename: 'ci.star',
      source: busyLoop,
      limits: { maxSteps: 1_000_000, timeoutMs: 10_000 },
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'steps', file: 'ci.star', line: 2 } });
    expect(ms).toBeLessThan(3_000);
    await expectPoolServes();
  });

  it('stops an infinite loop at its wall-clock deadline by replacing the worker', async () => {
    const { result, ms } = await timed({
      filename: 'ci.star',
      source: busyLoop,
      limits: { maxSteps: 1e15, timeoutMs: 300 },
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout', file: 'ci.star' } });
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(ms).toBeLessThan(1_500);
    await expectPoolServes();
  });

  it('fails a 1e9-character string at once: the wasm memory cap refuses the allocation', async () => {
    const { result, ms } = await timed({
      filename: 'ci.star',
      source: 'x = "x" * 1000000000\n',
      limits: { maxSteps: 1_000_000, timeoutMs: 20_000, maxMemoryBytes: 256 * 1024 * 1024 },
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'memory',
        file: 'ci.star',
        message: expect.stringMatching(
          /^memory limit exceeded: .*its cap is 4\d\d MiB, the 256 MiB limit plus headroom/,
        ),
      },
    });
    expect(ms).toBeLessThan(3_000);
    await expectPoolServes();
  });

  it('fails a list-doubling bomb at the memory cap, between two heap checks', async () => {
    // 27 doublings need 2 GiB in 27 steps: far fewer than the 200k steps between two heap checks.
    const source = 'def f():\n    x = [1]\n    for i in range(40):\n        x = x + x\n    return len(x)\nn = f()\n';
    const { result, ms } = await timed({
      filename: 'ci.star',
      source,
      limits: { maxSteps: 1e12, timeoutMs: 20_000, maxMemoryBytes: 256 * 1024 * 1024 },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'memory', message: expect.stringMatching(/its cap is 4\d\d MiB/) },
    });
    expect(ms).toBeLessThan(10_000);
    await expectPoolServes();
  });

  it('fails a growing list on the memory limit while the script runs', async () => {
    const source = 'def grow():\n    x = []\n    for i in range(100000000):\n        x.append([i, i, i])\ngrow()\n';
    const { result } = await timed({
      filename: 'ci.star',
      source,
      limits: { maxSteps: 1e12, timeoutMs: 20_000, maxMemoryBytes: 64 * 1024 * 1024 },
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'memory',
        file: 'ci.star',
        message: expect.stringContaining("the script's live data grew past the limit of 64 MiB"),
      },
    });
    // Located in the growing loop: its header or its body, whichever runs at the heap check (every 200k
    // steps) that finds the limit passed, which depends on how fast the heap grows per step.
    expect([3, 4]).toContain(result.ok ? 0 : result.error.line);
    await expectPoolServes();
  });

  it('refuses recursion, as Starlark does by default', async () => {
    const source = 'def down(n):\n    return down(n + 1)\ndown(0)\n';
    const { result } = await timed({ filename: 'ci.star', source, limits: { maxSteps: 1e9, timeoutMs: 10_000 } });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'runtime', line: 2, message: 'function down called recursively' },
    });
    await expectPoolServes();
  });

  it('stops runaway recursion, when allowed, at the memory cap before Starlark’s own depth limit', async () => {
    // Starlark stops at 100,000 frames; the Go stack for that (~256 MB, doubled when it grows) does not
    // fit the default cap (256 MiB limit + headroom), so the stack growth is what fails.
    const source = 'def down(n):\n    return down(n + 1)\ndown(0)\n';
    const { result, ms } = await timed({
      filename: 'ci.star',
      source,
      dialect: { recursion: true },
      limits: { maxSteps: 1e9, timeoutMs: 20_000 },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'memory', file: 'ci.star', message: expect.stringContaining('the call stack outgrew') },
    });
    expect(ms).toBeLessThan(15_000);
    await expectPoolServes();
  });

  it('reports a load cycle and keeps serving', async () => {
    const { result } = await timed({
      filename: 'ci.star',
      source: 'load("ci.star", "x")\n',
      load: async (module) => ({ filename: module, source: 'load("ci.star", "x")\n' }),
      limits: { maxSteps: 1000, timeoutMs: 5000 },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'load', message: expect.stringContaining('cycle in load graph: ci.star -> ci.star') },
    });
    await expectPoolServes();
  });

  it('refuses a 50 MB loadFile result before it reaches the engine', async () => {
    const fiftyMb = 'y'.repeat(50 * 1024 * 1024);
    const { result, ms } = await timed({
      filename: 'ci.star',
      source: 'data = loadFile("big.bin")\n',
      loadFile: async () => fiftyMb,
      limits: { maxSteps: 1000, timeoutMs: 5000, maxFileBytes: 1024 * 1024 },
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'file-size',
        file: 'ci.star',
        line: 1,
        message: expect.stringContaining('big.bin is 52428800 bytes, larger than the limit of 1048576 bytes'),
      },
    });
    expect(ms).toBeLessThan(2_000);
    await expectPoolServes();
  });

  it('refuses an oversized entry source or loaded module', async () => {
    const limits = { maxSteps: 1000, timeoutMs: 5000, maxFileBytes: 100 };
    const entry = await pool.evaluate({ filename: 'ci.star', source: `x = "${'a'.repeat(200)}"\n`, limits });
    expect(entry).toMatchObject({ ok: false, error: { kind: 'file-size', file: 'ci.star' } });
    const loaded = await pool.evaluate({
      filename: 'ci.star',
      source: 'load("big.star", "x")\n',
      load: async () => ({ filename: 'big.star', source: `x = "${'a'.repeat(200)}"\n` }),
      limits,
    });
    expect(loaded).toMatchObject({ ok: false, error: { kind: 'file-size', file: 'ci.star', line: 1 } });
    await expectPoolServes();
  });

  it('discards an instance whose native stack overflowed and keeps serving', async () => {
    // A small worker stack makes the JavaScript engine's stack overflow before Starlark's depth limit.
    const smallStackPool = await createStarlarkPool({ size: 1, wasmPath, stackSizeMb: 4 });
    try {
      const source = 'def down(n):\n    return down(n + 1)\ndown(0)\n';
      const result = await smallStackPool.evaluate({
        filename: 'ci.star',
        source,
        dialect: { recursion: true },
        limits: { maxSteps: 1e9, timeoutMs: 20_000 },
      });
      // V8 reports the overflow as a RangeError, or as a RuntimeError when it lands inside the Go scheduler.
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'crash', message: expect.stringMatching(/RangeError|RuntimeError/) },
      });
      await expectPoolServes(smallStackPool);
    } finally {
      await smallStackPool.close();
    }
  });
});
