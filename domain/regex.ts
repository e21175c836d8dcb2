import { RE2JS } from 're2js';

/** A compiled pattern; the only question kube-ci asks of one is whether it occurs in a text. */
export interface Pattern {
  /** true when the pattern matches anywhere in `text` (unanchored unless it anchors itself, as in Go) */
  test(text: string): boolean;
}

/** Outcome of compiling a Go RE2 pattern. */
export type CompiledRegex = { ok: true; re: Pattern } | { ok: false; error: string };

/** Matches nothing: what a regex setting that cannot compile selects. */
export const NOTHING: Pattern = { test: () => false };

/**
 * Compiles a Go RE2 pattern (config and annotation regexes, SPEC B 2.1) with `re2js`, a port of RE2 itself,
 * so a pattern means here exactly what it meant to the original: the same syntax (`(?P<name>…)`, flag groups,
 * `\A`, `\z`, `\Q…\E`, POSIX classes, Unicode classes), the same refusals (lookarounds, backreferences) and
 * linear-time matching whatever the pattern or text. Never throws.
 */
export function compileRegex(source: string): CompiledRegex {
  try {
    return { ok: true, re: RE2JS.compile(source) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `invalid regex \`${source}\`: ${reason}` };
  }
}
