import { ApplicationFailure } from '@temporalio/common';
import { Failure, type FailureType } from '../../domain/failures';
import { publicErrorMessage } from '../../domain/public-error-message';

/** The fields of Octokit's RequestError that classification reads (duck-typed: no Octokit import needed). */
interface HttpError {
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function isHttpError(error: unknown): error is HttpError {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';
}

export function isNotFound(error: unknown): boolean {
  return isHttpError(error) && error.status === 404;
}

/**
 * GitHub signals primary and secondary rate limits with 403 or 429 plus `retry-after`, `x-ratelimit-remaining: 0`
 * or a message naming the limit. These clear with time, so they stay retryable.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 */
function isRateLimited(error: HttpError): boolean {
  const headers = error.response?.headers ?? {};
  return (
    error.status === 429 ||
    headers['retry-after'] !== undefined ||
    String(headers['x-ratelimit-remaining']) === '0' ||
    /rate limit/i.test(error.message)
  );
}

/**
 * A rate limit stays retryable, but waits as long as GitHub asks (`retry-after` seconds, or until
 * `x-ratelimit-reset`) instead of the retry policy's backoff, which would only spend more of the limit.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */
function rateLimited(error: HttpError, action: string): unknown {
  const delayMs = waitAskedForMs(error.response?.headers ?? {}, Date.now());
  if (delayMs === undefined) return error;
  return ApplicationFailure.create({
    message: `${action}: GitHub rate limit (${error.status}): ${publicErrorMessage(error.message)}`,
    type: Failure.GitHubRateLimited,
    nextRetryDelay: delayMs,
    details: [{ status: error.status, retryAfterMs: delayMs }],
  });
}

/** How long GitHub asked to wait, capped at one hour; undefined when it did not say. */
export function waitAskedForMs(
  headers: Record<string, string | number | undefined>,
  nowMs: number,
): number | undefined {
  const retryAfter = Number(headers['retry-after']);
  const reset = Number(headers['x-ratelimit-reset']);
  let ms: number | undefined;
  if (Number.isFinite(retryAfter) && headers['retry-after'] !== undefined) ms = retryAfter * 1000;
  else if (Number.isFinite(reset) && headers['x-ratelimit-reset'] !== undefined) ms = reset * 1000 - nowMs;
  return ms === undefined ? undefined : Math.min(Math.max(ms, 1000), 3_600_000);
}

function permanentType(status: number): FailureType | undefined {
  if (status === 401 || status === 403) return Failure.GitHubPermissionDenied;
  if (status === 404 || status === 410) return Failure.GitHubNotFound;
  if (status === 400 || status === 422) return Failure.GitHubValidationFailed;
  return undefined;
}

/**
 * The one place GitHub errors are sorted. Transient ones (network errors, which Octokit reports as status 500,
 * 5xx, 429, rate limits, 409 conflicts) come back unchanged so Temporal's retry policy runs; permanent ones become
 * non-retryable ApplicationFailures with a type from domain/failures.ts and the facts needed to explain them.
 */
export function classifyGitHubError(error: unknown, action: string): unknown {
  if (isHttpError(error) && isRateLimited(error)) return rateLimited(error, action);
  if (!isHttpError(error) || error.status >= 500) return error;
  const type = permanentType(error.status);
  if (!type) return error;
  const headers = error.response?.headers ?? {};
  const data = error.response?.data as { message?: unknown; errors?: unknown; documentation_url?: unknown } | undefined;
  // the message may reach a public check run; the full one stays in the details (workflow history, logs)
  const message = `${action}: GitHub answered ${error.status}: ${publicErrorMessage(error.message)}`;
  return ApplicationFailure.nonRetryable(message, type, {
    status: error.status,
    fullMessage: error.message,
    method: error.request?.method,
    url: error.request?.url?.replace(/\?.*$/, ''),
    githubRequestId: headers['x-github-request-id'],
    message: data?.message,
    errors: data?.errors,
    documentationUrl: data?.documentation_url,
  });
}
