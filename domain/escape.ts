/**
 * `controller.go: escape` (SPEC B 8.9): lowercase, replace every code point outside `[-a-z0-9]`
 * with `-`, strip leading `[-0-9.]` and trailing `[-.]`.
 *
 * Lowercasing is per code point with Go's simple case mapping: JS maps `İ` (U+0130) to two code
 * points `i̇`, Go to `i` (SPEC B 8.12). No other code point lowercases into ASCII differently.
 *
 * @example escape('feature/Foo_Bar') === 'feature-foo-bar'; escape('123') === ''
 */
export function escape(text: string): string {
  let out = '';
  for (const char of text) {
    const lower = char === '\u0130' ? 'i' : char.toLowerCase();
    out += /^[-a-z0-9]$/.test(lower) ? lower : '-';
  }
  return stripEdges(out);
}

/** Strips leading `[-0-9.]` and trailing `[-.]`, the two edge rules shared by escape and labelSafe. */
export function stripEdges(text: string): string {
  return text.replace(/^[-0-9.]+/, '').replace(/[-.]+$/, '');
}
