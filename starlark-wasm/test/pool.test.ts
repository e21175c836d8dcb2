// The pool never leaves an evaluation waiting forever: a worker killed from outside is replaced, a pool
// whose workers cannot start fails waiting evaluations as `unavailable` at once and recovers (with
// backoff) when starting works again, and a job no worker takes in time ends as `unavailable` too.
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStarlarkPool, type PoolEvent, type StarlarkPool, type StarlarkPoolOptions } from '../src/index';
import { respawnDelayMs } from '../src/worker-pool';
import { ensureEngineBuilt, packageDir, wasmPath } from './support';

const busyLoop = 'def spin():\n    for i in range(1000000000):\n        pass\nspin()\n';
const limits = { maxSteps: 1e15, timeoutMs: 10_000 };
const ok = { filename: 'ok.star', source: 'x = 40 + 2\n', limits };

const pools: StarlarkPool[] = [];
const dirs: string[] = [];
beforeAll(() => ensureEngineBuilt());
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startPool(options: StarlarkPoolOptions = {}): Promise<{ pool: StarlarkPool; events: PoolEvent[] }> {
  const events: PoolEvent[] = [];
  const pool = await createStarlarkPool({ size: 1, wasmPath, onEvent: (e) => events.push(e), ...options });
  pools.push(pool);
  return { pool, events };
}

const started = (events: PoolEvent[]) =>
  events.filter((e): e is Extract<PoolEvent, { type: 'worker-started' }> => e.type === 'worker-started');

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a worker killed from outside', () => {
  it('is replaced while idle, and the next evaluation runs on the new one', async () => {
    const { pool, events } = await startPool();
    const [first] = started(events);
    await first!.worker.terminate();
    await until(() => started(events).length === 2, 10_000);
    expect(started(events)[1]!.threadId).not.toBe(first!.threadId);
    expect(events).toContainEqual(expect.objectContaining({ type: 'worker-retired', threadId: first!.threadId }));
    expect(await pool.evaluate(ok)).toMatchObject({ ok: true, globals: { x: 42 } });
  });

  it('ends its running evaluation as a crash at once, and the pool keeps serving', async () => {
    const { pool, events } = await startPool();
    const running = pool.evaluate({ filename: 'ci.star', source: busyLoop, limits });
    await new Promise((r) => setTimeout(r, 200));
    const killedAt = Date.now();
    await started(events)[0]!.worker.terminate();
    expect(await running).toMatchObject({ ok: false, error: { kind: 'crash', file: 'ci.star' } });
    expect(Date.now() - killedAt).toBeLessThan(1_000);
    expect(await pool.evaluate(ok)).toMatchObject({ ok: true });
  });
});

describe('a pool whose workers cannot start', () => {
  it('fails waiting and new evaluations as unavailable within the bound, then recovers with backoff', async () => {
    // A private copy of the build whose wasm_exec.js disappears: every new worker then fails to boot.
    const dir = mkdtempSync(join(tmpdir(), 'starlark-pool-'));
    dirs.push(dir);
    cpSync(join(packageDir, 'build'), dir, { recursive: true });
    const { pool, events } = await startPool({ wasmPath: join(dir, 'starlark.wasm') });
    renameSync(join(dir, 'wasm_exec.js'), join(dir, 'wasm_exec.js.away'));

    const running = pool.evaluate({ filename: 'ci.star', source: busyLoop, limits });
    const waiting = pool.evaluate(ok); // queued behind the busy worker
    await new Promise((r) => setTimeout(r, 200));
    const killedAt = Date.now();
    await started(events)[0]!.worker.terminate();
    expect(await running).toMatchObject({ ok: false, error: { kind: 'crash' } });
    expect(await waiting).toMatchObject({
      ok: false,
      error: { kind: 'unavailable', message: expect.stringContaining('no Starlark worker can be started') },
    });
    expect(Date.now() - killedAt).toBeLessThan(5_000);

    const immediate = Date.now();
    expect(await pool.evaluate(ok)).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(Date.now() - immediate).toBeLessThan(100);

    await until(() => events.filter((e) => e.type === 'spawn-failed').length >= 3, 10_000);
    const delays = events.flatMap((e) => (e.type === 'spawn-failed' ? [e.retryInMs] : []));
    expect(delays.slice(0, 3)).toEqual([100, 200, 400]);

    renameSync(join(dir, 'wasm_exec.js.away'), join(dir, 'wasm_exec.js'));
    await until(() => started(events).length === 2, 15_000);
    expect(await pool.evaluate(ok)).toMatchObject({ ok: true, globals: { x: 42 } });
  });

  it('refuses to be created when its first worker does not boot in time', async () => {
    await expect(createStarlarkPool({ size: 1, wasmPath, bootTimeoutMs: 1 })).rejects.toThrow(
      'the worker did not boot within 1 ms',
    );
  });
});

describe('queueing', () => {
  it('ends an evaluation no worker takes within queueTimeoutMs as unavailable', async () => {
    const { pool } = await startPool({ queueTimeoutMs: 300 });
    const running = pool.evaluate({ filename: 'ci.star', source: busyLoop, limits: { ...limits, timeoutMs: 2_000 } });
    const queuedAt = Date.now();
    const waiting = await pool.evaluate(ok);
    expect(waiting).toMatchObject({
      ok: false,
      error: { kind: 'unavailable', message: 'no Starlark worker was free within 300 ms (1 of 1 workers alive)' },
    });
    expect(Date.now() - queuedAt).toBeGreaterThanOrEqual(290);
    expect(Date.now() - queuedAt).toBeLessThan(1_000);
    expect(await running).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(await pool.evaluate(ok)).toMatchObject({ ok: true });
  });

  it('ends evaluations on a closed pool as unavailable', async () => {
    const { pool } = await startPool();
    const running = pool.evaluate({ filename: 'ci.star', source: busyLoop, limits });
    const waiting = pool.evaluate(ok);
    await new Promise((r) => setTimeout(r, 100));
    await pool.close();
    expect(await running).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(await waiting).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(await pool.evaluate(ok)).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });

  it('backs off 100 ms doubling to at most 10 s between failed starts', () => {
    expect([0, 1, 2, 3, 7, 8, 20].map(respawnDelayMs)).toEqual([0, 100, 200, 400, 6400, 10_000, 10_000]);
  });
});
