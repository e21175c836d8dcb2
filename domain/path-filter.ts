/**
 * The `<prefix>/onPathChange` annotation: a run whose change touches no file its globs match is skipped (its
 * check run concludes `skipped`, so a required check does not block the pull request). Globs are matched by
 * picomatch (`*` stays inside a folder, `**` crosses folders, `{a,b}`, `?`, `[abc]`; dotfiles match), in
 * order as GitHub Actions' `paths` are: a `!glob` takes back files an earlier glob matched, and a list
 * starting with `!` starts from every file. Only the splitting of the annotation value is written here
 * (commas inside `{…}` belong to the glob).
 */
import picomatch from 'picomatch/posix.js';
import { Annotation, annotationKey } from './annotation-key';
import type { ArgoWorkflow } from './types';

/**
 * The files a run's change touched, from GitHub's compare API, or why there is no such list. A rename counts
 * both its old and new path. `truncated`: GitHub (at most 300 files) or kube-ci's bound cut the list.
 */
export type ChangedFiles =
  | { kind: 'listed'; files: string[]; truncated: boolean; base: string; head: string; of: string }
  | { kind: 'absent'; reason: string };

/**
 * What the path filter says about a run.
 * - `unfiltered`: the pipeline has no onPathChange annotation (or the run was asked for explicitly).
 * - `run`: a changed file matches; `reason` names it.
 * - `skip`: no changed file matches; `reason` says so, for the check run.
 * - `unchecked`: the filter cannot decide (list cut or absent, no usable glob), so the run goes ahead and
 *   `reason` is shown on its check run.
 */
export type PathFilterVerdict =
  | { kind: 'unfiltered' }
  | { kind: 'run'; reason: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'unchecked'; reason: string };

/** The globs of the pipeline's onPathChange annotation; undefined when it has none. */
export function onPathChangeGlobs(workflow: ArgoWorkflow, annotationPrefix: string): string[] | undefined {
  const raw = workflow.metadata.annotations?.[annotationKey(annotationPrefix, Annotation.onPathChange)];
  return raw === undefined ? undefined : splitGlobs(raw);
}

/** Input of {@link decidePathFilter}. */
export interface PathFilterInput {
  workflow: ArgoWorkflow;
  annotationPrefix: string;
  /** the change's files; undefined when nobody fetched them */
  changes: ChangedFiles | undefined;
  /** explicit runs (a button, a command, a deployment, the API) are never path-filtered */
  explicit: boolean;
}

const SHOWN_FILES = 5;

/** Whether the run's change touched what the pipeline's onPathChange annotation names. Pure. */
export function decidePathFilter({
  workflow,
  annotationPrefix,
  changes,
  explicit,
}: PathFilterInput): PathFilterVerdict {
  const globs = onPathChangeGlobs(workflow, annotationPrefix);
  if (globs === undefined || explicit) return { kind: 'unfiltered' };
  const key = annotationKey(annotationPrefix, Annotation.onPathChange);
  const notApplied = `${key} was not applied, so the run goes ahead`;
  const compiled = compileGlobs(globs);
  if (compiled.problems.length > 0 || compiled.globs.length === 0) {
    const why = compiled.problems.length > 0 ? compiled.problems.join('; ') : 'it lists no glob';
    return { kind: 'unchecked', reason: `${notApplied}: ${why}` };
  }
  if (!changes) return { kind: 'unchecked', reason: `${notApplied}: the changed files were not read` };
  if (changes.kind === 'absent')
    return { kind: 'unchecked', reason: `${notApplied}: no list of changed files (${changes.reason})` };
  const matched = changes.files.find((file) => included(file, compiled.globs));
  if (matched !== undefined) return { kind: 'run', reason: `${matched} matches ${key}` };
  if (changes.truncated)
    return {
      kind: 'unchecked',
      reason: `${notApplied}: the list of changed files was cut at ${changes.files.length} and none of those matches`,
    };
  const shown = changes.files.slice(0, SHOWN_FILES).map((file) => `\`${file}\``);
  const more = changes.files.length > SHOWN_FILES ? ` and ${changes.files.length - SHOWN_FILES} more` : '';
  const touched = changes.files.length === 0 ? 'no file' : `${shown.join(', ')}${more}`;
  return {
    kind: 'skip',
    reason:
      `Skipped: this ${changes.of} changes ${touched} (${changes.base.slice(0, 7)}...${changes.head.slice(0, 7)}), ` +
      `and ${key} (${globs.map((glob) => `\`${glob}\``).join(', ')}) matches none of it.`,
  };
}

interface CompiledGlob {
  negated: boolean;
  test: (path: string) => boolean;
}

function compileGlobs(globs: string[]): { globs: CompiledGlob[]; problems: string[] } {
  const compiled: CompiledGlob[] = [];
  const problems: string[] = [];
  for (const glob of globs) {
    const negated = glob.startsWith('!');
    const pattern = (negated ? glob.slice(1) : glob).replace(/^\/+/, '');
    if (pattern === '') {
      problems.push(`\`${glob}\` is not a glob`);
      continue;
    }
    try {
      compiled.push({ negated, test: picomatch(pattern, { dot: true }) });
    } catch (err) {
      problems.push(`\`${glob}\` is not a glob (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return { globs: compiled, problems };
}

/** Actions' order rule: the last glob that matches decides; a list starting with `!` starts from "every file". */
function included(path: string, globs: CompiledGlob[]): boolean {
  let inside = globs[0]?.negated ?? false;
  for (const glob of globs) if (glob.negated === inside && glob.test(path)) inside = !glob.negated;
  return inside;
}

/** Globs separated by newlines or commas; a comma inside `{…}` is part of its glob. Blank entries are dropped. */
export function splitGlobs(value: string): string[] {
  const globs: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of value) {
    if (char === '{') depth++;
    if (char === '}' && depth > 0) depth--;
    if ((char === ',' && depth === 0) || char === '\n') {
      globs.push(current);
      current = '';
    } else current += char;
  }
  globs.push(current);
  return globs.map((glob) => glob.trim()).filter((glob) => glob !== '');
}
