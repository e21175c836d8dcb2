/** mulberry32: a tiny seeded PRNG so fuzz-style tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [
  'A',
  'z',
  '0',
  '9',
  '-',
  '.',
  '_',
  '/',
  ':',
  ' ',
  '#',
  'İ',
  'K',
  'ß',
  'é',
  '😀',
  '\ud800',
  '\u0000',
  'Σ',
];

/** A random string mixing ASCII, edge characters, BMP and astral code points and lone surrogates. */
export function randomString(next: () => number, maxLength: number): string {
  const length = Math.floor(next() * (maxLength + 1));
  let out = '';
  for (let i = 0; i < length; i++) {
    const pick = next();
    if (pick < 0.4) out += INTERESTING[Math.floor(next() * INTERESTING.length)];
    else if (pick < 0.8) out += String.fromCharCode(0x20 + Math.floor(next() * 95));
    else if (pick < 0.95) out += String.fromCodePoint(0xa0 + Math.floor(next() * 0xd000));
    else out += String.fromCodePoint(0x10000 + Math.floor(next() * 0xfffff));
  }
  return out;
}
