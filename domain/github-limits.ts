import { GITHUB_TEXT_LIMIT, truncateText } from './truncate-text';

/**
 * GitHub's limits on the texts of a check-run request (POST/PATCH /repos/{owner}/{repo}/check-runs).
 * Sources: `maxLength` in GitHub's OpenAPI description (summary, text, action label/description/identifier),
 * the descriptions of annotation `message`/`raw_details` ("64 KB") and `title` ("255 characters"), and
 * github/docs#35252 (summary is checked as a byte size of 65535). The check-run `name` and `output.title`
 * have no documented limit; 255 is the column size GitHub's other short texts use and is assumed here.
 */
export const GitHubLimits = {
  name: 255,
  title: 255,
  /** summary and text: characters and UTF-8 bytes */
  text: GITHUB_TEXT_LIMIT,
  /** annotation message and raw_details: UTF-8 bytes ("64 KB"; 65535 is the size GitHub enforces elsewhere) */
  annotationBytes: 65_535,
  annotationTitle: 255,
  actionLabel: 20,
  actionDescription: 40,
  actionIdentifier: 20,
} as const;

/** The text-bearing parts of a check-run REST body (other fields pass through untouched). */
export interface CheckRunRequestBody {
  name?: string;
  output?: {
    title?: string;
    summary?: string;
    text?: string;
    annotations?: ReadonlyArray<{ message: string; title?: string; raw_details?: string }>;
  };
  actions?: ReadonlyArray<{ label: string; description: string; identifier: string }>;
}

/** A check-run name as GitHub will store it (also what to search for with `check_name`). */
export function fitCheckRunName(name: string): string {
  return truncateText(name, GitHubLimits.name, { marker: 'inline-note' });
}

/**
 * The one place every text sent to GitHub is cut to GitHub's limits: name, title, summary, text, each
 * annotation's message, title and raw_details, each action's label, description and identifier. Cut texts
 * end with a note saying how much was dropped (on the same line for names and titles; `…` where a note
 * does not fit; identifiers are cut plainly, they are machine keys). Returns a new body; fields within the limits are unchanged.
 */
export function fitCheckRunBody<T extends CheckRunRequestBody>(body: T): T {
  const fitted: T = { ...body };
  if (body.name !== undefined) fitted.name = fitCheckRunName(body.name);
  if (body.output) fitted.output = fitOutput(body.output);
  if (body.actions) {
    fitted.actions = body.actions.map((action) => ({
      ...action,
      label: truncateText(action.label, GitHubLimits.actionLabel, { marker: 'ellipsis' }),
      description: truncateText(action.description, GitHubLimits.actionDescription, { marker: 'ellipsis' }),
      identifier: truncateText(action.identifier, GitHubLimits.actionIdentifier, { marker: 'none' }),
    }));
  }
  return fitted;
}

type Output = NonNullable<CheckRunRequestBody['output']>;

function fitOutput<O extends Output>(output: O): O {
  const longText = (text: string) => truncateText(text, GitHubLimits.text, { maxBytes: GitHubLimits.text });
  const fitted: O = { ...output };
  if (output.title !== undefined) {
    fitted.title = truncateText(output.title, GitHubLimits.title, { marker: 'inline-note' });
  }
  if (output.summary !== undefined) fitted.summary = longText(output.summary);
  if (output.text !== undefined) fitted.text = longText(output.text);
  if (output.annotations) fitted.annotations = output.annotations.map(fitAnnotation);
  return fitted;
}

function fitAnnotation<A extends { message: string; title?: string; raw_details?: string }>(annotation: A): A {
  const bytes = { maxBytes: GitHubLimits.annotationBytes };
  const fitted: A = { ...annotation, message: truncateText(annotation.message, GitHubLimits.annotationBytes, bytes) };
  if (annotation.title !== undefined) {
    fitted.title = truncateText(annotation.title, GitHubLimits.annotationTitle, { marker: 'inline-note' });
  }
  if (annotation.raw_details !== undefined) {
    fitted.raw_details = truncateText(annotation.raw_details, GitHubLimits.annotationBytes, bytes);
  }
  return fitted;
}
