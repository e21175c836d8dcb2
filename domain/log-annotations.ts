import { maskSecrets } from './mask-secrets';

/** A check-run annotation as GitHub's API names the fields (structurally the gateway's `CheckRunAnnotation`). */
export interface LogAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice';
  message: string;
}

/** Options of {@link parseLogAnnotations}. */
export interface ParseLogAnnotationsOptions {
  /** stop after this many annotations (GitHub and the check run page both choke on thousands) */
  maxAnnotations: number;
  /** values masked in messages, besides anything that looks like a token (see maskSecrets) */
  secretValues?: readonly string[];
}

/** The original's bufio.Scanner line limit (64 KiB); longer lines are skipped one by one (G32). */
export const MAX_LOG_LINE = 64 * 1024;

const LOCATED = /^([^:]*):(\d+):(?:(\d+):)?( .*)$/s;

/**
 * Log lines → check-run annotations (SPEC B 12, with G32 fixed). Accepted forms:
 * `file:line: message` and `file:line:col: message` (the column becomes start/end column).
 * The message is everything after the location, colons included, trimmed
 * (`f:12: error: undefined x` → `error: undefined x`).
 *
 * Skipped: lines without that shape, line or column numbers that are not positive base-10 integers
 * (`a.go:-3: x`, `a.go: 3: x`), empty messages, empty paths and lines over 64 KiB (only that line).
 * Paths are trimmed and lose leading `./` and `/` only, so `.hidden/a.go` keeps its dot and `../a.go`
 * stays as written (the original stripped every leading `.`, `/` and `\`).
 * Messages go through `maskSecrets` (check runs of public repositories are public): tokens and
 * `secretValues` become `***`. GitHub's size limits are applied later, in the gateway (github-limits.ts).
 */
export function parseLogAnnotations(
  logText: string,
  { maxAnnotations, secretValues = [] }: ParseLogAnnotationsOptions,
): LogAnnotation[] {
  const found: LogAnnotation[] = [];
  for (const line of logText.split(/\r?\n/)) {
    if (found.length >= maxAnnotations) break;
    if (line.length > MAX_LOG_LINE) continue;
    const annotation = parseLine(line);
    if (annotation) found.push({ ...annotation, message: maskSecrets(annotation.message, secretValues) });
  }
  return found;
}

function parseLine(line: string): LogAnnotation | undefined {
  const match = LOCATED.exec(line);
  if (!match) return undefined;
  const [, rawPath = '', lineText = '', columnText, rest = ''] = match;
  const path = rawPath.trim().replace(/^(\.\/|\/)+/, '');
  const lineNumber = Number(lineText);
  const message = rest.trim();
  if (path === '' || message === '' || lineNumber < 1 || !Number.isSafeInteger(lineNumber)) return undefined;
  const annotation: LogAnnotation = {
    path,
    start_line: lineNumber,
    end_line: lineNumber,
    annotation_level: 'notice',
    message,
  };
  if (columnText !== undefined) {
    const column = Number(columnText);
    if (column < 1) return undefined;
    annotation.start_column = column;
    annotation.end_column = column;
  }
  return annotation;
}

/** Splits annotations into GitHub-sized requests (at most 50 per check-run update). */
export function batchAnnotations<T>(annotations: readonly T[], size = 50): T[][] {
  if (size < 1) throw new RangeError('batch size must be at least 1');
  const batches: T[][] = [];
  for (let i = 0; i < annotations.length; i += size) batches.push(annotations.slice(i, i + size));
  return batches;
}
