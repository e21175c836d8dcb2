import type { UpdateCheckRunParams } from '../activities/github/gateway';

/** What a check run says while the run is being set up (the original's wording). */
export const setupOutput = { title: 'Workflow Setup', summary: 'Creating workflow' };

export interface PipelineErrorInfo {
  message: string;
  file: string;
  line?: number;
  column?: number;
}

/** A failed check run for a pipeline that could not be read, with the error as an annotation on its line. */
export function invalidPipelineOutput(error: PipelineErrorInfo): Omit<UpdateCheckRunParams, 'name'> & { name: string } {
  const where = error.line ? `${error.file}:${error.line}${error.column ? `:${error.column}` : ''}` : error.file;
  return {
    name: 'Default Workflow',
    status: 'completed',
    conclusion: 'failure',
    output: {
      title: 'Workflow Setup',
      summary: `unable to parse workflow, ${error.message}`,
      text: `\`${where}\`: ${error.message}`,
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
