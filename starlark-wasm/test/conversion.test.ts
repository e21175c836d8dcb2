import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStarlarkPool, type StarlarkPool } from '../src/index';
import { ensureEngineBuilt, limits, wasmPath } from './support';

let pool: StarlarkPool;
beforeAll(async () => {
  ensureEngineBuilt();
  pool = await createStarlarkPool({ size: 1, wasmPath });
});
afterAll(async () => pool?.close());

async function conversionError(source: string): Promise<string> {
  const result = await pool.evaluate({
    filename: 'ci.star',
    source,
    outputs: ['workflow'],
    goGlobals: ['struct'],
    dialect: { set: true },
    limits,
  });
  if (result.ok) throw new Error('expected a conversion failure');
  expect(result.error.kind).toBe('conversion');
  return result.error.message;
}

describe('globals to JSON', () => {
  it('names the path of a value that cannot convert', async () => {
    expect(await conversionError('workflow = {"spec": {"templates": [{"foo": len}]}}\n')).toBe(
      'workflow.spec.templates[0].foo: cannot convert builtin_function_or_method',
    );
    expect(await conversionError('def f(): pass\nworkflow = {"a b": [f]}\n')).toBe(
      'workflow["a b"][0]: cannot convert function',
    );
  });

  it('refuses non-string dict keys instead of dropping them', async () => {
    expect(await conversionError('workflow = {"x": {1: "one"}}\n')).toBe(
      'workflow.x: dict key 1 is a int; JSON object keys must be strings',
    );
  });

  it('refuses ints a JavaScript number cannot hold exactly', async () => {
    expect(await conversionError('workflow = {"n": 9007199254740993}\n')).toContain(
      'workflow.n: int 9007199254740993 is outside ±2^53',
    );
  });

  it('refuses non-finite floats, sets and self-referencing lists', async () => {
    expect(await conversionError('workflow = float("nan")\n')).toBe('workflow: cannot convert float nan to JSON');
    expect(await conversionError('workflow = [set([1])]\n')).toBe('workflow[0]: cannot convert set');
    expect(await conversionError('x = []\nx.append(x)\nworkflow = x\n')).toContain('nested deeper than 1000 levels');
  });

  it('converts structs, tuples and the limits of exact ints', async () => {
    const result = await pool.evaluate({
      filename: 'ci.star',
      source: 'workflow = struct(b = (1, 2), a = 9007199254740992, c = -9007199254740992)\n',
      outputs: ['workflow'],
      goGlobals: ['struct'],
      limits,
    });
    expect(result.ok && result.globals).toEqual({ workflow: { a: 2 ** 53, b: [1, 2], c: -(2 ** 53) } });
  });

  it('without outputs, returns every global that converts and leaves out the rest', async () => {
    const result = await pool.evaluate({
      filename: 'ci.star',
      source: 'def helper(): pass\nvalue = 1\nbad = {1: 2}\n',
      limits,
    });
    expect(result.ok && result.globals).toEqual({ value: 1 });
  });

  it('omits a requested output the script does not define', async () => {
    const result = await pool.evaluate({ filename: 'ci.star', source: 'other = 1\n', outputs: ['workflow'], limits });
    expect(result.ok && result.globals).toEqual({});
  });
});
