/**
 * UTF-8 encoding of a JavaScript string, written out by hand because `TextEncoder` and `Buffer`
 * are not guaranteed inside the Temporal workflow sandbox.
 *
 * Lone surrogates are encoded as U+FFFD, as `TextEncoder` and Go's JSON decoder do, so byte
 * counts agree with what the Go original saw for the same webhook payload.
 */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    let cp = char.codePointAt(0) ?? 0xfffd;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

/** Number of bytes `char` (one code point, or a lone surrogate) takes in UTF-8. */
export function utf8Length(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

/**
 * The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, cut between code points.
 *
 * Go slices strings by byte (`s[:n]`), which can split a code point; the broken bytes then escape
 * to `-` and are stripped as trailing dashes by `escape`, so dropping the partial code point here
 * gives the same escaped result.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (used + size > maxBytes) break;
    used += size;
    end += char.length;
  }
  return text.slice(0, end);
}
