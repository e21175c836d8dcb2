import { describe, expect, it } from 'vitest';
import { GITHUB_TEXT_LIMIT, truncateText } from '../../domain/truncate-text';

describe('truncateText', () => {
  it('leaves text within the limit alone', () => {
    expect(truncateText('abc', 3)).toBe('abc');
    expect(truncateText('x'.repeat(GITHUB_TEXT_LIMIT))).toHaveLength(GITHUB_TEXT_LIMIT);
  });

  it('cuts to the limit with a visible marker', () => {
    const cut = truncateText('x'.repeat(100), 50);
    expect(cut).toHaveLength(50);
    expect(cut.endsWith('\n… (truncated)')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    // 51 − 14 (marker) = 37 units would end inside the 19th emoji; it is dropped whole.
    const cut = truncateText('😀'.repeat(40), 51);
    expect(cut).toBe('😀'.repeat(18) + '\n… (truncated)');
  });

  it('cuts plainly when the limit is too small for the marker', () => {
    expect(truncateText('abcdef', 3)).toBe('abc');
  });
});
