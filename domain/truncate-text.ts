/** GitHub's limit on a check run's `output.summary` and `output.text`, in characters. */
export const GITHUB_TEXT_LIMIT = 65_535;

const MARKER = '\n… (truncated)';

/**
 * Cuts `text` to at most `limit` characters (UTF-16 units, never splitting a surrogate pair),
 * ending with a visible marker when something was cut (G33).
 */
export function truncateText(text: string, limit: number = GITHUB_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  if (limit <= MARKER.length) return text.slice(0, limit);
  let end = limit - MARKER.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + MARKER;
}
