import { describe, expect, it } from 'vitest';
import { batchAnnotations, parseLogAnnotations } from '../../domain/log-annotations';

const parse = (text: string, maxAnnotations = 1000) => parseLogAnnotations(text, { maxAnnotations });
const notice = (path: string, line: number, message: string, column?: number) => ({
  path,
  start_line: line,
  end_line: line,
  ...(column !== undefined ? { start_column: column, end_column: column } : {}),
  annotation_level: 'notice',
  message,
});

describe('parseLogAnnotations', () => {
  it.each([
    ['main.go:12: undefined x', [notice('main.go', 12, 'undefined x')]],
    ['main.go:12:5: undefined x', [notice('main.go', 12, 'undefined x', 5)]],
    ['f:12: error: undefined x', [notice('f', 12, 'error: undefined x')]],
    ['f:12:3: error: a: b', [notice('f', 12, 'error: a: b', 3)]],
    ['a.go:3:msg', []],
    ['a.go: 3: msg', []],
    ['fake logs', []],
    ['a.go:3: ', []],
    ['a.go:3:   ', []],
    ['a.go:-3: negative', []],
    ['a.go:+3: signed', []],
    ['a.go:0: zero', []],
    ['a.go:3:0: zero column', []],
    ['a.go:99999999999999999999: huge', []],
    [':3: no path', []],
    ['12:30:45 timestamp', []],
    ['  ./src/a.go :7: spaced', [notice('src/a.go', 7, 'spaced')]],
    ['./src/a.go:1: m', [notice('src/a.go', 1, 'm')]],
    ['/abs/a.go:1: m', [notice('abs/a.go', 1, 'm')]],
    ['.hidden/a.go:1: m', [notice('.hidden/a.go', 1, 'm')]],
    ['../a.go:1: m', [notice('../a.go', 1, 'm')]],
  ])('%j', (line, expected) => {
    expect(parse(line)).toEqual(expected);
  });

  it('reads every line, CRLF included, in order', () => {
    expect(parse('x\r\na.go:1: one\r\nnoise\nb.go:2:4: two\n')).toEqual([
      notice('a.go', 1, 'one'),
      notice('b.go', 2, 'two', 4),
    ]);
  });

  it('skips only an over-long line, not the rest of the log (G32)', () => {
    const log = `a.go:1: before\nb.go:2: ${'x'.repeat(70_000)}\nc.go:3: after`;
    expect(parse(log).map((a) => a.path)).toEqual(['a.go', 'c.go']);
  });

  it('masks tokens and given secret values in messages, not in paths', () => {
    const log = 'deploy.sh:3: push failed with ghp_0123456789abcdefghijABCDEFGHIJ0123\nx.go:1: bad db pa55word-1\n';
    expect(parseLogAnnotations(log, { maxAnnotations: 10, secretValues: ['pa55word-1'] })).toEqual([
      notice('deploy.sh', 3, 'push failed with ***'),
      notice('x.go', 1, 'bad db ***'),
    ]);
  });

  it('stops at maxAnnotations', () => {
    const log = Array.from({ length: 10 }, (_, i) => `a.go:${i + 1}: m`).join('\n');
    expect(parse(log, 3).map((a) => a.start_line)).toEqual([1, 2, 3]);
    expect(parse(log, 0)).toEqual([]);
  });
});

describe('batchAnnotations', () => {
  it('splits into batches of at most 50', () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    expect(batchAnnotations(items).map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batchAnnotations(items, 60).map((b) => b[0])).toEqual([0, 60]);
    expect(batchAnnotations([])).toEqual([]);
  });

  it('refuses a batch size below 1', () => {
    expect(() => batchAnnotations([1], 0)).toThrow(RangeError);
  });
});
