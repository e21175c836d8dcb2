import type { UpdateCheckRunParams } from '../activities/github/gateway';
import { joinCheckRunText } from '../domain/join-check-run-text';

/** What a check run says while the run is being set up (the original's wording). */
export const setupOutput = { title: 'Workflow Setup', summary: 'Creating workflow' };

export interface PipelineErrorInfo {
  message: string;
  file: string;
  line?: number;
  column?: number;
}

/**
 * Extra lines for the check-run text: warnings first, as the original prepends them (`**WARNING:** …`),
 * then the `print()` output of the pipeline's Starlark evaluation (G26). Undefined when there is nothing.
 */
export function runNotes(notes: { warnings?: string[]; prints?: string[] }): string | undefined {
  const parts = (notes.warnings ?? []).map((w) => `**WARNING:** ${w}`);
  if (notes.prints?.length) parts.push(['**print() output**', '```', ...notes.prints, '```'].join('\n'));
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** A failed `Default Workflow` check run that says why the run could not be set up (no file to annotate). */
export function setupFailureOutput(summary: string): UpdateCheckRunParams {
  return {
    name: 'Default Workflow',
    status: 'completed',
    conclusion: 'failure',
    output: { title: 'Workflow Setup', summary: joinCheckRunText(summary) },
  };
}

/**
 * A failed check run for a pipeline that cannot be used, with the error as an annotation on its file and
 * line. `summary` is the original's wording for the stage that failed.
 */
export function invalidPipelineOutput(error: PipelineErrorInfo, summary: string, notes?: string): UpdateCheckRunParams {
  const where = error.line ? `${error.file}:${error.line}${error.column ? `:${error.column}` : ''}` : error.file;
  return {
    name: 'Default Workflow',
    status: 'completed',
    conclusion: 'failure',
    output: {
      title: 'Workflow Setup',
      summary: joinCheckRunText(summary),
      text: joinCheckRunText(`\`${where}\`: ${error.message}`, notes),
      annotations: [
        {
          path: error.file,
          start_line: error.line ?? 1,
          end_line: error.line ?? 1,
          annotation_level: 'failure',
          message: error.message,
          title: 'Invalid pipeline',
        },
      ],
    },
  };
}

/**
 * A run the path filter skipped: `skipped`, so a branch protection that requires the check passes, with the
 * reason (which files changed, which globs) in the summary. Its name is the run's own check-run name.
 */
export function pathSkippedOutput(name: string, reason: string, notes?: string): UpdateCheckRunParams {
  return {
    name,
    status: 'completed',
    conclusion: 'skipped',
    output: {
      title: 'Skipped: no matching changes',
      summary: joinCheckRunText(reason),
      ...(notes ? { text: joinCheckRunText(notes) } : {}),
    },
  };
}
