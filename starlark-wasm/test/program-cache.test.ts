// The engine keeps compiled programs between evaluations (engine/program_cache.go). One worker, so every
// evaluation here meets the programs the earlier ones left: a cached program must never change an outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStarlarkPool, type StarlarkPool } from '../src/index';
import { ensureEngineBuilt, limits, memoryHost, wasmPath } from './support';

let pool: StarlarkPool;
beforeAll(async () => {
  ensureEngineBuilt();
  pool = await createStarlarkPool({ size: 1, wasmPath });
});
afterAll(async () => pool?.close());

describe('compiled programs kept between evaluations', () => {
  it('give each evaluation its own predeclared values and fresh globals', async () => {
    const source = 'out = [n]\nout.append(len(out))\n';
    for (const n of [1, 2, 1]) {
      const result = await pool.evaluate({ filename: 'ci.star', source, predeclared: { n }, limits });
      expect(result).toMatchObject({ ok: true, globals: { out: [n, 1] } });
    }
  });

  it('are not reused when the predeclared names differ: a name no longer predeclared is undefined', async () => {
    const source = 'x = foo + 1\n';
    const withFoo = await pool.evaluate({ filename: 'ci.star', source, predeclared: { foo: 1 }, limits });
    expect(withFoo).toMatchObject({ ok: true, globals: { x: 2 } });
    const without = await pool.evaluate({ filename: 'ci.star', source, limits });
    expect(without).toMatchObject({ ok: false, error: { kind: 'syntax', message: 'undefined: foo', line: 1 } });
  });

  it('are not reused across dialects or file names', async () => {
    const source = 'def f():\n    i = 0\n    while i < 3:\n        i += 1\n    return i\nx = f()\n';
    const on = await pool.evaluate({ filename: 'ci.star', source, dialect: { while: true }, limits });
    expect(on).toMatchObject({ ok: true, globals: { x: 3 } });
    const off = await pool.evaluate({ filename: 'ci.star', source, limits });
    expect(off).toMatchObject({ ok: false, error: { kind: 'syntax', line: 3 } });
    const renamed = await pool.evaluate({ filename: 'other.star', source: 'fail("here")\n', limits });
    const again = await pool.evaluate({ filename: 'ci.star', source: 'fail("here")\n', limits });
    expect([renamed, again]).toMatchObject([{ error: { file: 'other.star' } }, { error: { file: 'ci.star' } }]);
  });

  it('still report an entry file that loads itself as a load cycle, every time', async () => {
    const source = 'load("ci.star", "x")\ny = 1\n';
    for (let i = 0; i < 2; i++) {
      const result = await pool.evaluate({ filename: 'ci.star', source, ...memoryHost({ 'ci.star': source }), limits });
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'load', message: expect.stringContaining('cycle in load graph: ci.star -> ci.star') },
      });
    }
  });

  it('serve a module loaded by two different entry files', async () => {
    const files = { 'lib.star': 'def twice(v):\n    return [v, v]\n' };
    for (const entry of ['a.star', 'b.star', 'a.star']) {
      const source = `load("lib.star", "twice")\nout = twice("${entry}")\n`;
      const result = await pool.evaluate({ filename: entry, source, ...memoryHost(files), limits });
      expect(result).toMatchObject({ ok: true, globals: { out: [entry, entry] } });
    }
  });
});
