import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStarlarkPool, type JSONValue, type StarlarkPool } from '../src/index';
import { ensureEngineBuilt, limits, memoryHost, wasmPath } from './support';

let pool: StarlarkPool;
beforeAll(async () => {
  ensureEngineBuilt();
  pool = await createStarlarkPool({ size: 1, wasmPath });
});
afterAll(async () => pool?.close());

async function globalsOf(source: string): Promise<Record<string, JSONValue>> {
  const result = await pool.evaluate({ filename: 'ci.star', source, ...memoryHost({}), limits });
  if (!result.ok) throw new Error(result.error.backtrace);
  return result.globals;
}

describe('builtin modules', () => {
  it('encoding/json exports encode, decode and indent', async () => {
    const globals = await globalsOf(
      'load("builtin:///encoding/json", "encode", "decode", "indent")\n' +
        'text = encode({"a": [1, "x"]})\nback = decode(\'{"k": [true, null, 2.5]}\')\npretty = indent(\'{"a":1}\')\n',
    );
    expect(globals).toEqual({ text: '{"a":[1,"x"]}', back: { k: [true, null, 2.5] }, pretty: '{\n\t"a": 1\n}' });
  });

  it('math exports the go.starlark.net lib/math members', async () => {
    const globals = await globalsOf(
      'load("builtin:///math", "sqrt", "floor", "pi")\nroot = sqrt(16)\nf = floor(2.7)\nbig = pi > 3.14\n',
    );
    expect(globals).toEqual({ root: 4, f: 2, big: true });
  });

  it('time exports parse_time, parse_duration and friends', async () => {
    const globals = await globalsOf(
      'load("builtin:///time", "parse_time", "parse_duration")\n' +
        't = parse_time("2024-03-01T10:00:00Z")\nyear = t.year\nseconds = parse_duration("1m30s").seconds\n' +
        'eastern = t.in_location("US/Eastern").hour\n',
    );
    expect(globals).toEqual({ year: 2024, seconds: 90, eastern: 5 });
  });

  it('re exports one struct with compile, match, search, findall, split and sub', async () => {
    const globals = await globalsOf(
      'load("builtin:///re", "re")\n' +
        'm = re.match(r"(\\w+)-(\\d+)", "ab-1 cd-2")\n' +
        's = re.search(r"(\\d+)", "v12 v34")\nnone = re.search("z", "abc")\n' +
        'found = re.findall("o+", "foo boo")\nparts = re.split(r"\\s*,\\s*", "a , b,c", 1)\n' +
        'subbed = re.sub(r"(\\d)", "<$1>", "a1b2")\nonce = re.sub(r"\\d", "#", "a1b2", 1)\n' +
        'p = re.compile("b+")\ncompiled = p.findall("abbcb")\n',
    );
    expect(globals).toEqual({
      m: [
        ['ab-1', 'ab', '1'],
        ['cd-2', 'cd', '2'],
      ],
      s: ['12', '12'],
      none: null,
      found: ['oo', 'oo'],
      parts: ['a', 'b,c'],
      subbed: 'a<1>b<2>',
      once: 'a#b2',
      compiled: ['bb', 'b'],
    });
  });

  it('encoding/yaml exports one struct with loads and dumps that keep key order', async () => {
    const globals = await globalsOf(
      'load("builtin:///encoding/yaml", "yaml")\n' +
        'doc = yaml.loads("kind: Workflow\\nspec:\\n  entrypoint: main\\n  n: 3\\n  r: 1.5\\n  on: true\\n  list: [a, b]\\n")\n' +
        'text = yaml.dumps({"z": 1, "a": [True, None]})\n',
    );
    expect(globals['doc']).toEqual({
      kind: 'Workflow',
      spec: { entrypoint: 'main', n: 3, r: 1.5, on: true, list: ['a', 'b'] },
    });
    expect(Object.keys(globals['doc'] as object)).toEqual(['kind', 'spec']);
    expect(globals['text']).toBe('z: 1\na:\n    - true\n    - null\n');
  });

  it('reports a yaml syntax error as a runtime error at the call', async () => {
    const result = await pool.evaluate({
      filename: 'ci.star',
      source: 'load("builtin:///encoding/yaml", "yaml")\n\nx = yaml.loads("a: [")\n',
      ...memoryHost({}),
      limits,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'runtime', line: 3, message: expect.stringContaining('loads: yaml') },
    });
  });
});
