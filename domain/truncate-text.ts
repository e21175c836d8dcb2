import { utf8Length } from './utf8-bytes';

/** GitHub's limit on a check run's `output.summary` and `output.text`, in characters (and, in practice, bytes). */
export const GITHUB_TEXT_LIMIT = 65_535;

/**
 * How a cut text ends: the note says how much was dropped (`inline-note`: on the same line, for one-line
 * fields such as names and titles); `ellipsis` for short fields; `none` for identifiers.
 */
export type TruncationMarker = 'note' | 'inline-note' | 'ellipsis' | 'none';

/** Options of {@link truncateText}. */
export interface TruncateOptions {
  /** also keep the UTF-8 encoding within this many bytes (GitHub checks some fields by byte size) */
  maxBytes?: number;
  /** default `note`; a note falls back to `ellipsis`, then `none`, when the limit is too small for it */
  marker?: TruncationMarker;
}

/** The visible note a cut text ends with; `dropped` counts characters (code points). */
export function truncationNote(dropped: number, inline = false): string {
  return `${inline ? ' ' : '\n'}… (truncated by kube-ci: ${dropped} characters dropped)`;
}

const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `limit` characters (UTF-16 units, as JavaScript and GitHub's JSON count them;
 * never splitting a surrogate pair) and, with `maxBytes`, at most that many UTF-8 bytes — GitHub answers
 * "summary exceeds a maximum bytesize of 65535" for text within the character limit (github/docs#35252).
 * A cut text ends with {@link truncationNote} (G33), or `…` where the note does not fit.
 */
export function truncateText(text: string, limit: number = GITHUB_TEXT_LIMIT, options: TruncateOptions = {}): string {
  const { maxBytes } = options;
  if (fits(text, limit, maxBytes)) return text;
  const wanted = options.marker ?? 'note';
  if (wanted === 'note' || wanted === 'inline-note') {
    const inline = wanted === 'inline-note';
    const widest = truncationNote(countCodePoints(text), inline);
    if (limit > widest.length && (maxBytes === undefined || maxBytes > byteLength(widest))) {
      return withNote(text, { limit, maxBytes, inline }, widest);
    }
  }
  if (wanted !== 'none' && limit > ELLIPSIS.length && (maxBytes === undefined || maxBytes > byteLength(ELLIPSIS))) {
    return longestPrefix(text, limit - ELLIPSIS.length, budget(maxBytes, ELLIPSIS)) + ELLIPSIS;
  }
  return longestPrefix(text, limit, maxBytes);
}

/**
 * Cuts for `note`, then retries with the (shorter or equal) note of what was really dropped: the dropped
 * count only shrinks as the kept prefix grows, so each round still fits and the loop ends within a few.
 */
function withNote(
  text: string,
  { limit, maxBytes, inline }: { limit: number; maxBytes: number | undefined; inline: boolean },
  widest: string,
): string {
  const total = countCodePoints(text);
  let note = widest;
  let best = '';
  for (let round = 0; round < 4; round++) {
    const kept = longestPrefix(text, limit - note.length, budget(maxBytes, note));
    const candidate = kept + truncationNote(total - countCodePoints(kept), inline);
    if (candidate.length < best.length || !fits(candidate, limit, maxBytes)) break;
    best = candidate;
    const next = truncationNote(total - countCodePoints(kept), inline);
    if (next.length === note.length) break;
    note = next;
  }
  return best;
}

function fits(text: string, limit: number, maxBytes: number | undefined): boolean {
  if (text.length > limit) return false;
  // one UTF-16 unit encodes to at most 3 bytes (a surrogate pair, two units, to 4)
  return maxBytes === undefined || text.length * 3 <= maxBytes || byteLength(text) <= maxBytes;
}

function budget(maxBytes: number | undefined, marker: string): number | undefined {
  return maxBytes === undefined ? undefined : maxBytes - byteLength(marker);
}

/** The longest prefix within `maxUnits` UTF-16 units and `maxBytes` UTF-8 bytes, cut between code points. */
function longestPrefix(text: string, maxUnits: number, maxBytes: number | undefined): string {
  let units = 0;
  let bytes = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (units + char.length > maxUnits || (maxBytes !== undefined && bytes + size > maxBytes)) break;
    units += char.length;
    bytes += size;
  }
  return text.slice(0, units);
}

/** UTF-8 byte length (lone surrogates count 3, as their U+FFFD replacement does). */
export function byteLength(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += utf8Length(char);
  return bytes;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (const _char of text) count++;
  return count;
}
