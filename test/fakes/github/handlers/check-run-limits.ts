import type { HandlerResult } from './context';

/**
 * The size limits GitHub enforces on check-run bodies beyond what its OpenAPI description's `maxLength`
 * already makes the validator check (summary/text 65535, action label/description/identifier 20/40/20).
 * GitHub stores these texts in MySQL columns and answers 422 "Validation Failed" with a `custom` error per
 * field, e.g. `summary exceeds a maximum bytesize of 65535` (github/docs#35252); the annotation limits are
 * in the OpenAPI descriptions ("The maximum size is 64 KB" / "255 characters"). The check-run name and
 * output title have no documented limit; 255 characters (a VARCHAR(255)) is assumed, as kube-ci does.
 */
const CHAR_LIMIT = 255;
const BYTE_LIMIT = 65_535;

interface FieldError {
  resource: string;
  code: 'custom';
  field: string;
  message: string;
}

const codePoints = (text: string) => [...text].length;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function checkChars(errors: FieldError[], resource: string, field: string, value: unknown): void {
  if (typeof value === 'string' && codePoints(value) > CHAR_LIMIT) {
    errors.push({
      resource,
      code: 'custom',
      field,
      message: `${field} is too long (maximum is ${CHAR_LIMIT} characters)`,
    });
  }
}

function checkBytes(errors: FieldError[], resource: string, field: string, value: unknown): void {
  if (typeof value === 'string' && bytes(value) > BYTE_LIMIT) {
    errors.push({ resource, code: 'custom', field, message: `${field} exceeds a maximum bytesize of ${BYTE_LIMIT}` });
  }
}

/** The 422 GitHub answers for an over-limit check-run body, or undefined when every text fits. */
export function checkRunLimitViolation(body: Record<string, unknown>): HandlerResult | undefined {
  const errors: FieldError[] = [];
  checkChars(errors, 'CheckRun', 'name', body.name);
  const output = body.output as Record<string, unknown> | undefined;
  if (output) {
    checkChars(errors, 'CheckRun', 'title', output.title);
    checkBytes(errors, 'CheckRun', 'summary', output.summary);
    checkBytes(errors, 'CheckRun', 'text', output.text);
    for (const annotation of (output.annotations ?? []) as Record<string, unknown>[]) {
      checkBytes(errors, 'CheckAnnotation', 'message', annotation.message);
      checkBytes(errors, 'CheckAnnotation', 'raw_details', annotation.raw_details);
      checkChars(errors, 'CheckAnnotation', 'title', annotation.title);
    }
  }
  if (errors.length === 0) return undefined;
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors,
      documentation_url: 'https://docs.github.com/rest/checks/runs',
      status: '422',
    },
  };
}
