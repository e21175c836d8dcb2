import { describe, expect, it } from 'vitest';
import { byteLength, GITHUB_TEXT_LIMIT, truncateText, truncationNote } from '../../domain/truncate-text';
import { randomString, seededRandom } from './seeded-random';

describe('truncateText', () => {
  it('leaves text within the limit alone', () => {
    expect(truncateText('abc', 3)).toBe('abc');
    expect(truncateText('x'.repeat(GITHUB_TEXT_LIMIT))).toHaveLength(GITHUB_TEXT_LIMIT);
  });

  it('cuts to the limit with a note saying how much was dropped', () => {
    const cut = truncateText('x'.repeat(100), 60);
    expect(cut.length).toBeLessThanOrEqual(60);
    const [, kept = '', dropped = ''] = /^(x*)\n… \(truncated by kube-ci: (\d+) characters dropped\)$/.exec(cut) ?? [];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length + Number(dropped)).toBe(100);
  });

  it('never splits a surrogate pair, and counts dropped characters as code points', () => {
    const note = truncationNote(22);
    // 60 − note length is odd: the unit that would start the next emoji's pair is left out
    const cut = truncateText('😀'.repeat(40), 60);
    expect(cut.length).toBeLessThanOrEqual(60);
    const kept = Math.floor((60 - note.length) / 2);
    expect(cut).toBe('😀'.repeat(kept) + truncationNote(40 - kept));
  });

  it('keeps within a byte limit too (GitHub checks summaries by byte size)', () => {
    const text = '€'.repeat(30_000); // 30,000 characters, 90,000 bytes
    const cut = truncateText(text, GITHUB_TEXT_LIMIT, { maxBytes: GITHUB_TEXT_LIMIT });
    expect(byteLength(cut)).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(byteLength(cut)).toBeGreaterThan(GITHUB_TEXT_LIMIT - 10);
    expect(cut).toMatch(/… \(truncated by kube-ci: \d+ characters dropped\)$/);
  });

  it('puts the note on the same line for one-line fields', () => {
    const cut = truncateText('n'.repeat(300), 255, { marker: 'inline-note' });
    expect(cut).toHaveLength(255);
    expect(cut).toMatch(/^n+ … \(truncated by kube-ci: \d+ characters dropped\)$/);
  });

  it('falls back to an ellipsis, then a plain cut, when the note does not fit', () => {
    expect(truncateText('abcdefghijklmnopqrstuvwxyz', 20)).toBe('abcdefghijklmnopqrs…');
    expect(truncateText('abcdef', 3, { marker: 'none' })).toBe('abc');
    expect(truncateText('abcdef', 1)).toBe('a');
  });

  it('always fits both limits and keeps a prefix of the input, never half a pair (fuzzed)', () => {
    const next = seededRandom(20261201);
    for (let run = 0; run < 2000; run++) {
      const text = randomString(next, 300);
      const limit = 1 + Math.floor(next() * 200);
      const cut = truncateText(text, limit, { maxBytes: limit });
      expect(cut.length).toBeLessThanOrEqual(limit);
      expect(byteLength(cut)).toBeLessThanOrEqual(limit);
      const body = cut === text ? text : cut.replace(/(\n… \(truncated by kube-ci: \d+ characters dropped\)|…)$/, '');
      expect(text.startsWith(body)).toBe(true);
      const last = body.charCodeAt(body.length - 1);
      const following = text.charCodeAt(body.length);
      expect(last >= 0xd800 && last <= 0xdbff && following >= 0xdc00 && following <= 0xdfff).toBe(false);
    }
  });
});
