// A module's load statements are asked of the host in one call (engine/load_batch.go): one thread
// crossing per module instead of one per load. What the host sees changes only in order and in what is
// asked after a failure; what the script computes and which error it reports do not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStarlarkPool, type EvaluateRequest, type StarlarkPool } from '../src/index';
import { ensureEngineBuilt, limits, memoryHost, wasmPath } from './support';

let pool: StarlarkPool;
beforeAll(async () => {
  ensureEngineBuilt();
  pool = await createStarlarkPool({ size: 1, wasmPath });
});
afterAll(async () => pool?.close());

/** memoryHost, recording each module asked for as `from -> module`. */
function recordingHost(files: Record<string, string>): { asked: string[]; host: Pick<EvaluateRequest, 'load'> } {
  const asked: string[] = [];
  const { load } = memoryHost(files);
  return { asked, host: { load: (module, from) => (asked.push(`${from} -> ${module}`), load!(module, from)) } };
}

describe('loads asked per module', () => {
  it("asks for all of a module's loads before running it, then for the loads of each loaded module", async () => {
    const files = {
      'ci.star':
        'load("a.star", "a")\nload("builtin:///encoding/json", "encode")\nload("b.star", "b")\nout = [a, b, encode(1)]\n',
      'a.star': 'load("x.star", "x")\nload("y.star", "y")\na = x + y\n',
      'b.star': 'b = "b"\n',
      'x.star': 'x = "x"\n',
      'y.star': 'y = "y"\n',
    };
    const { asked, host } = recordingHost(files);
    const result = await pool.evaluate({ filename: 'ci.star', source: files['ci.star'], ...host, limits });
    expect(result).toMatchObject({ ok: true, globals: { out: ['xy', 'b', '1'] } });
    // one load at a time would ask a.star's loads before b.star
    expect(asked).toEqual([
      'ci.star -> a.star',
      'ci.star -> builtin:///encoding/json',
      'ci.star -> b.star',
      'a.star -> x.star',
      'a.star -> y.star',
    ]);
  });

  it('stops asking at the first failure and reports it at its load statement', async () => {
    const files = {
      'ci.star': 'load("a.star", "a")\nload("missing.star", "m")\nload("c.star", "c")\n',
      'a.star': 'a = 1\n',
    };
    const { asked, host } = recordingHost({ ...files, 'c.star': 'c = 3\n' });
    const result = await pool.evaluate({ filename: 'ci.star', source: files['ci.star'], ...host, limits });
    expect(result).toMatchObject({ ok: false, error: { kind: 'load', file: 'ci.star', line: 2 } });
    expect(!result.ok && result.error.message).toContain('missing.star not found');
    expect(asked).toEqual(['ci.star -> a.star', 'ci.star -> missing.star']);
  });

  it('reports the error the script reaches first, not a failed load it never reaches', async () => {
    const source = 'load("a.star", "a")\nfail("stopped before the second load")\nload("missing.star", "m")\n';
    const { host } = recordingHost({ 'a.star': 'a = 1\n' });
    const result = await pool.evaluate({ filename: 'ci.star', source, ...host, limits });
    expect(result).toMatchObject({ ok: false, error: { kind: 'runtime', file: 'ci.star', line: 2 } });
    expect(!result.ok && result.error.message).toContain('stopped before the second load');
  });

  it('asks once for a module a file loads twice, and keeps file-size limits on every answer', async () => {
    const source = 'load("a.star", "a")\nload("a.star", b = "a")\nload("big.star", "big")\n';
    const { asked, host } = recordingHost({ 'a.star': 'a = 1\n', 'big.star': `big = "${'x'.repeat(200)}"\n` });
    const result = await pool.evaluate({
      filename: 'ci.star',
      source,
      ...host,
      limits: { ...limits, maxFileBytes: 100 },
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'file-size', file: 'ci.star', line: 3 } });
    expect(asked).toEqual(['ci.star -> a.star', 'ci.star -> big.star']);
  });
});
