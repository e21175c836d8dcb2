/** GitHub's limit on a check run's `summary` and `text` (65,535 characters). */
export const MAX_CHECK_RUN_TEXT = 65_535;

/** Joins the non-empty parts with blank lines and keeps the result within GitHub's limit (G33). */
export function joinCheckRunText(...parts: Array<string | undefined>): string {
  const text = parts.filter((p): p is string => !!p).join('\n\n');
  return text.length <= MAX_CHECK_RUN_TEXT ? text : `${text.slice(0, MAX_CHECK_RUN_TEXT - 20)}\n… (truncated)`;
}
