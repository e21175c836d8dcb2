import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStarlarkPool, type EvaluateResult, type StarlarkPool } from '../src/index';
import { ensureEngineBuilt, limits, memoryHost, wasmPath } from './support';

let pool: StarlarkPool;
beforeAll(async () => {
  ensureEngineBuilt();
  pool = await createStarlarkPool({ size: 2, wasmPath });
});
afterAll(async () => pool?.close());

function failed(result: EvaluateResult): Extract<EvaluateResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got globals ${JSON.stringify(result.globals)}`);
  return result;
}

describe('evaluate', () => {
  it('returns globals as JSON and the print() output', async () => {
    const result = await pool.evaluate({
      filename: 'ci.star',
      source:
        'print("hello")\nnames = ["a", "b"]\nconfig = {"n": 2, "ratio": 0.5, "on": True, "off": None, "pair": (1, 2)}\n',
      limits,
    });
    expect(result).toEqual({
      ok: true,
      globals: { names: ['a', 'b'], config: { n: 2, ratio: 0.5, on: true, off: null, pair: [1, 2] } },
      prints: ['hello'],
      steps: expect.any(Number),
    });
  });

  it('keeps dict insertion order in the JSON it returns', async () => {
    const result = await pool.evaluate({ filename: 'ci.star', source: 'd = {"z": 1, "a": 2, "m": 3}\n', limits });
    expect(result.ok && Object.keys(result.globals['d'] as object)).toEqual(['z', 'a', 'm']);
  });

  it('exposes predeclared values, as a struct when asked', async () => {
    const result = await pool.evaluate({
      filename: 'ci.star',
      source: 'ref = input.ref\ncount = input.repo["stars"] + 1\nhalf = input.repo["ratio"] * 2\nflags = extra\n',
      predeclared: { input: { ref: 'refs/heads/main', repo: { stars: 41, ratio: 0.25 } }, extra: [true, null] },
      asStruct: ['input'],
      limits,
    });
    expect(result.ok && result.globals).toEqual({ ref: 'refs/heads/main', count: 42, half: 0.5, flags: [true, null] });
  });

  it('returns only the requested outputs', async () => {
    const result = await pool.evaluate({
      filename: 'ci.star',
      source: 'workflow = {"a": 1}\nother = 2\n',
      outputs: ['workflow'],
      limits,
    });
    expect(result.ok && result.globals).toEqual({ workflow: { a: 1 } });
  });

  it('follows an async load chain with names relative to the loading module', async () => {
    const host = memoryHost({
      'ci.star': 'load("lib/steps.star", "steps")\nworkflow = {"steps": steps}\n',
      'lib/steps.star':
        'load("common.star", "image")\nload("/top.star", "top")\nprint("steps loaded")\nsteps = [image, top]\n',
      'lib/common.star': 'image = "alpine:3"\n',
      'top.star': 'top = "root"\n',
    });
    const result = await pool.evaluate({
      filename: 'ci.star',
      source: 'load("lib/steps.star", "steps")\nworkflow = {"steps": steps}\n',
      ...host,
      limits,
    });
    expect(result).toMatchObject({
      ok: true,
      globals: { workflow: { steps: ['alpine:3', 'root'] } },
      prints: ['steps loaded'],
    });
  });

  it('executes a module loaded twice only once per evaluation', async () => {
    const host = memoryHost({
      'a.star': 'load("shared.star", "x")\na = x\n',
      'shared.star': 'print("shared runs")\nx = 1\n',
    });
    const result = await pool.evaluate({
      filename: 'ci.star',
      source: 'load("a.star", "a")\nload("shared.star", "x")\ny = a + x\n',
      ...host,
      limits,
    });
    expect(result).toMatchObject({ ok: true, globals: { y: 2 }, prints: ['shared runs'] });
  });

  it('reports a load cycle with its path', async () => {
    const host = memoryHost({ 'a.star': 'load("b.star", "b")\na = 1\n', 'b.star': 'load("a.star", "a")\nb = 1\n' });
    const { error } = failed(
      await pool.evaluate({ filename: 'ci.star', source: 'load("a.star", "a")\n', ...host, limits }),
    );
    expect(error.kind).toBe('load');
    expect(error.message).toContain('cycle in load graph: a.star -> b.star -> a.star');
    expect(error).toMatchObject({ file: 'b.star', line: 1 });
  });

  it('reports a module the host cannot find at the load statement', async () => {
    const { error } = failed(
      await pool.evaluate({
        filename: 'ci.star',
        source: 'x = 1\nload("missing.star", "y")\n',
        ...memoryHost({}),
        limits,
      }),
    );
    expect(error).toMatchObject({ kind: 'load', file: 'ci.star', line: 2 });
    expect(error.message).toContain('module missing.star not found');
  });

  it('locates a runtime error inside a loaded module, with a backtrace across the load', async () => {
    const host = memoryHost({ 'lib.star': 'def boom():\n    return {}["nope"]\nvalue = boom()\n' });
    const { error } = failed(
      await pool.evaluate({ filename: 'ci.star', source: '\nload("lib.star", "value")\n', ...host, limits }),
    );
    expect(error).toMatchObject({ kind: 'runtime', file: 'lib.star', line: 2, column: 14 });
    expect(error.message).toContain('key "nope" not in dict');
    expect(error.backtrace).toContain('ci.star:2:1: in <toplevel>\n  lib.star:3:13: in <toplevel>');
    expect(error.backtrace).toContain('lib.star:2:14: in boom');
    expect(error.stack.map((f) => f.name)).toEqual(['<toplevel>', '<toplevel>', 'boom']);
  });

  it('reports syntax errors with file, line and column', async () => {
    const { error } = failed(await pool.evaluate({ filename: 'ci.star', source: 'x = 1\ny = (2 +\n', limits }));
    expect(error).toMatchObject({ kind: 'syntax', file: 'ci.star', line: 3, column: 1 });
  });

  it('reports undefined names as syntax (resolve) errors in loaded modules', async () => {
    const host = memoryHost({ 'lib.star': 'x = 1\ny = undefined_name\n' });
    const { error } = failed(
      await pool.evaluate({ filename: 'ci.star', source: 'load("lib.star", "y")\n', ...host, limits }),
    );
    expect(error).toMatchObject({
      kind: 'syntax',
      file: 'lib.star',
      line: 2,
      column: 5,
      message: 'undefined: undefined_name',
    });
  });

  it('gives loadFile the calling file and honours error_on_notfound', async () => {
    const seen: string[] = [];
    const result = await pool.evaluate({
      filename: 'ci.star',
      source:
        'load("lib/read.star", "read")\ncontent = read("data.txt")\nmissing = loadFile("nope.txt", error_on_notfound=False)\n',
      load: async () => ({ filename: 'lib/read.star', source: 'def read(name):\n    return loadFile(name)\n' }),
      loadFile: async (name, from) => {
        seen.push(`${from}:${name}`);
        return name === 'data.txt' ? 'hello' : null;
      },
      limits,
    });
    expect(result.ok && result.globals).toEqual({ content: 'hello', missing: null });
    expect(seen).toEqual(['lib/read.star:data.txt', 'ci.star:nope.txt']);
    const { error } = failed(
      await pool.evaluate({
        filename: 'ci.star',
        source: 'x = loadFile("nope.txt")\n',
        loadFile: async () => null,
        limits,
      }),
    );
    expect(error).toMatchObject({ kind: 'load', line: 1, message: 'file nope.txt not found' });
  });

  it('rejects an unknown builtin module and one the host did not enable', async () => {
    const load = async (m: string) => ({ builtin: m as never });
    const unknown = failed(await pool.evaluate({ filename: 'ci.star', source: 'load("nope", "x")\n', load, limits }));
    expect(unknown.error).toMatchObject({
      kind: 'load',
      message: expect.stringContaining('unknown builtin module, nope'),
    });
    const disabled = failed(
      await pool.evaluate({ filename: 'ci.star', source: 'load("re", "re")\n', load, builtins: ['math'], limits }),
    );
    expect(disabled.error.message).toContain('unknown builtin module, re');
  });
});
