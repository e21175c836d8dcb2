// What an evaluation returns besides its globals is bounded however much the script produces:
// print() output by lines and bytes (cut with a note), an error's message, backtrace and stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStarlarkPool, type EvaluateRequest, type EvaluateResult, type StarlarkPool } from '../src/index';
import { ensureEngineBuilt, wasmPath } from './support';

let pool: StarlarkPool;
beforeAll(async () => {
  ensureEngineBuilt();
  pool = await createStarlarkPool({ size: 1, wasmPath });
});
afterAll(async () => pool?.close());

const limits = { maxSteps: 10_000_000, timeoutMs: 10_000 };
const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

async function timed(request: Omit<EvaluateRequest, 'limits'>): Promise<{ result: EvaluateResult; ms: number }> {
  const started = Date.now();
  const result = await pool.evaluate({ limits, ...request });
  return { result, ms: Date.now() - started };
}

async function expectPoolServes(): Promise<void> {
  const result = await pool.evaluate({ filename: 'ok.star', source: 'print("fine")\nx = 42\n', limits });
  expect(result).toMatchObject({ ok: true, globals: { x: 42 }, prints: ['fine'] });
}

describe('print() output', () => {
  it('keeps the first 1,000 of 10,000 lines and says how many were dropped', async () => {
    const source = 'def f():\n    for i in range(10000):\n        print("line", i)\nf()\nx = 1\n';
    const { result, ms } = await timed({ filename: 'ci.star', source });
    expect(result.ok).toBe(true);
    expect(result.prints).toHaveLength(1001);
    expect(result.prints[999]).toBe('line 999');
    expect(result.prints[1000]).toBe(
      '… 9000 more lines of print() output were dropped (at most 1000 lines and 65536 bytes are kept)',
    );
    expect(ms).toBeLessThan(5_000);
    await expectPoolServes();
  });

  it('cuts output at 64 KiB, marking the cut line, and counts what followed', async () => {
    const { result } = await timed({ filename: 'ci.star', source: 'print("a")\nprint("y" * 100000)\nprint("z")\n' });
    expect(result.ok).toBe(true);
    const [first, cut, note, ...rest] = result.prints;
    expect(rest).toEqual([]);
    expect(first).toBe('a');
    expect(cut).toMatch(/^y+…$/);
    expect(utf8(`${first}\n${cut}\n`)).toBeLessThanOrEqual(65536);
    expect(utf8(`${first}\n${cut}\n`)).toBeGreaterThan(65000);
    expect(note).toBe('… 2 more lines of print() output were dropped (at most 1000 lines and 65536 bytes are kept)');
  });

  it('counts the lines inside one print() and honours the host’s caps', async () => {
    const { result } = await timed({
      filename: 'ci.star',
      source: 'print("a\\nb\\nc")\nprint("d")\n',
      outputLimits: { maxPrintLines: 2 },
    });
    expect(result.prints).toEqual([
      'a\nb',
      '… 2 more lines of print() output were dropped (at most 2 lines and 65536 bytes are kept)',
    ]);
  });

  it('never splits a multi-byte character when cutting', async () => {
    const { result } = await timed({
      filename: 'ci.star',
      source: 'print("é" * 100)\n',
      outputLimits: { maxPrintBytes: 20 },
    });
    expect(result.prints[0]).toBe(`${'é'.repeat(8)}…`); // 16 bytes + the 3-byte mark + a newline = 20
  });
});

describe('error output', () => {
  it('cuts a 100 KB fail() message to 4 KiB with a note, keeping its position', async () => {
    const { result, ms } = await timed({ filename: 'ci.star', source: 'def f():\n    fail("x" * 100000)\nf()\n' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'runtime', file: 'ci.star', line: 2 } });
    if (result.ok) return;
    const { message, backtrace } = result.error;
    expect(message).toMatch(/^fail: x+… \(95910 more bytes were dropped\)$/);
    expect(utf8(message)).toBeLessThan(4096 + 100);
    expect(backtrace).toContain('ci.star:3:2: in <toplevel>');
    expect(utf8(backtrace)).toBeLessThan(4 * 4096 + 100);
    expect(JSON.stringify(result).length).toBeLessThan(12_000);
    expect(ms).toBeLessThan(5_000);
    await expectPoolServes();
  });

  it('keeps the outermost and innermost 50 frames of a deep stack', async () => {
    const source = 'def down(n):\n    if n == 0:\n        fail("bottom")\n    down(n - 1)\ndown(3000)\n';
    const { result } = await timed({ filename: 'ci.star', source, dialect: { recursion: true } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'runtime', message: 'fail: bottom', line: 3 } });
    if (result.ok) return;
    expect(result.error.stack).toHaveLength(100);
    expect(result.error.stack[0]).toMatchObject({ name: '<toplevel>', line: 5 });
    expect(result.error.stack.at(-1)).toMatchObject({ name: 'fail' });
    expect(utf8(result.error.backtrace)).toBeLessThan(4 * 4096 + 100);
  });
});
