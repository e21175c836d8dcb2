import picomatch from 'picomatch/posix.js';
import { describe, expect, it } from 'vitest';
import { runWithin } from '../../activities/run-within';

describe('runWithin', () => {
  it('returns what the work returns', () => {
    expect(runWithin(() => ({ answer: 42 }), 1000)).toEqual({ ok: true, value: { answer: 42 } });
  });

  it('stops a backtracking glob match at the bound', () => {
    const match = picomatch(`${'*a'.repeat(12)}b`, { dot: true });
    const startedAt = performance.now();
    expect(runWithin(() => match('a'.repeat(100)), 200)).toEqual({ ok: false, timedOut: true });
    expect(performance.now() - startedAt).toBeLessThan(2000);
  });

  it('lets other errors through', () => {
    expect(() =>
      runWithin(() => {
        throw new TypeError('boom');
      }, 1000),
    ).toThrow('boom');
  });
});
