/**
 * What GitHub and git accept as names, for input that does not come from GitHub (the HTTP API) and as
 * bounds on webhook fields. Each function returns why a value is not acceptable, or `undefined`.
 *
 * Written out rather than taken from a library: the rules are GitHub's (login: alphanumerics and single
 * inner hyphens, at most 39; repository: `[A-Za-z0-9._-]`, at most 100, not `.`/`..`) and git's
 * `check-ref-format` (https://git-scm.com/docs/git-check-ref-format), each a line or two, and domain/
 * takes no dependencies.
 */
import { utf8Length } from './utf8-bytes';

/** GitHub keeps ref names to 255 bytes (a file-system name limit); git itself has none. */
export const MAX_REF_BYTES = 255;

const OWNER = /^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/;
const REPO = /^[A-Za-z0-9._-]+$/;
const SHA1 = /^[0-9a-fA-F]{40}$/;

/** A GitHub user or organization login. */
export function ownerNameProblem(name: string): string | undefined {
  if (name.length > 39) return `is ${name.length} characters long; GitHub owner names have at most 39`;
  if (!OWNER.test(name)) return 'must be letters, digits and single hyphens, not starting or ending with a hyphen';
  return undefined;
}

/** A GitHub repository name (without the owner). */
export function repoNameProblem(name: string): string | undefined {
  if (name.length > 100) return `is ${name.length} characters long; GitHub repository names have at most 100`;
  if (!REPO.test(name)) return 'may only contain letters, digits, `.`, `-` and `_`';
  if (name === '.' || name === '..') return `cannot be ${JSON.stringify(name)}`;
  return undefined;
}

/**
 * A full commit id: 40 hex digits (SHA-1). GitHub serves no SHA-256 repositories, so 64-digit ids are
 * refused rather than passed on to fail later at GitHub.
 */
export function commitShaProblem(sha: string): string | undefined {
  return SHA1.test(sha) ? undefined : 'must be a full commit sha: 40 hexadecimal digits';
}

/**
 * A branch or tag name as `git check-ref-format --branch` accepts it (one level allowed), at most
 * {@link MAX_REF_BYTES} UTF-8 bytes.
 */
export function refNameProblem(ref: string): string | undefined {
  // a UTF-16 unit is at least one UTF-8 byte, so a long string is refused before it is measured
  const bytes = ref.length > MAX_REF_BYTES ? ref.length : [...ref].reduce((sum, char) => sum + utf8Length(char), 0);
  if (bytes > MAX_REF_BYTES) return `is longer than ${MAX_REF_BYTES} bytes`;
  if (ref === '' || ref === '@') return `${JSON.stringify(ref)} is not a ref name`;
  // control characters, space and the characters git reserves for revision syntax
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(ref)) return 'may not contain spaces, control characters or ~ ^ : ? * [ \\';
  if (ref.includes('..') || ref.includes('@{') || ref.includes('//')) return 'may not contain `..`, `@{` or `//`';
  if (ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.') || ref.startsWith('-'))
    return 'may not start with `/` or `-`, nor end with `/` or `.`';
  if (ref.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock')))
    return 'no part between slashes may start with `.` or end with `.lock`';
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(ref))
    return 'is not well-formed unicode';
  return undefined;
}
