import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64url } from '../../domain/base64url';
import { fnv32a } from '../../domain/fnv32a';
import { hash } from '../../domain/hash';
import { sha1 } from '../../domain/sha1';
import { truncateUtf8, utf8Bytes } from '../../domain/utf8-bytes';
import { randomString, seededRandom } from './seeded-random';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe('sha1', () => {
  it.each([
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
    ['a'.repeat(1_000_000), '34aa973cd4c4daa4f61eeb2bdbad27316534016f'],
  ])('matches the FIPS 180 vector for a %#', (input, expected) => {
    expect(hex(sha1(utf8Bytes(input)))).toBe(expected);
  });

  it('agrees with node:crypto on every length around the block boundaries and random text', () => {
    const next = seededRandom(1);
    for (let length = 0; length < 200; length++) {
      const bytes = Uint8Array.from({ length }, () => Math.floor(next() * 256));
      expect(hex(sha1(bytes))).toBe(createHash('sha1').update(bytes).digest('hex'));
    }
  });
});

describe('utf8Bytes', () => {
  it('encodes like Buffer for random unicode text, lone surrogates as U+FFFD', () => {
    const next = seededRandom(2);
    for (let i = 0; i < 2000; i++) {
      const text = randomString(next, 30);
      expect(Array.from(utf8Bytes(text))).toEqual(Array.from(Buffer.from(text, 'utf8')));
    }
  });

  it('truncates between code points', () => {
    expect(truncateUtf8('aé😀b', 1)).toBe('a');
    expect(truncateUtf8('aé😀b', 2)).toBe('a');
    expect(truncateUtf8('aé😀b', 3)).toBe('aé');
    expect(truncateUtf8('aé😀b', 6)).toBe('aé');
    expect(truncateUtf8('aé😀b', 7)).toBe('aé😀');
    expect(truncateUtf8('aé😀b', 99)).toBe('aé😀b');
    expect(truncateUtf8('abc', 0)).toBe('');
  });
});

describe('base64url', () => {
  it('matches Buffer base64url (unpadded) for every length 0..64', () => {
    const next = seededRandom(3);
    for (let length = 0; length <= 64; length++) {
      const bytes = Uint8Array.from({ length }, () => Math.floor(next() * 256));
      expect(base64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
  });
});

describe('fnv32a', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('matches the reference vector for %j', (input, expected) => {
    expect(fnv32a(input)).toBe(expected);
  });
});

describe('hash', () => {
  it('gives the project and branch cache hashes of the original (SPEC B 10.3)', () => {
    expect(hash('myorg', 'myrepo')).toBe('xwjBVEo1W');
    expect(hash('myorg', 'myrepo', 'mybranch')).toBe('xWRCxZ_4U');
  });

  it('is x + 8 chars of base64url(sha1(parts joined by #))', () => {
    const expected = 'x' + createHash('sha1').update('a#b#c').digest('base64url').slice(0, 8);
    expect(hash('a', 'b', 'c')).toBe(expected);
    expect(hash('a', 'b', 'c')).toHaveLength(9);
  });
});
