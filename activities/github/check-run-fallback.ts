import { ApplicationFailure } from '@temporalio/common';
import { Failure } from '../../domain/failures';
import { publicErrorMessage } from '../../domain/public-error-message';
import { truncateText } from '../../domain/truncate-text';
import type { UpdateCheckRunParams } from './gateway';

/** Statuses with which GitHub refuses a request *body* (validation, size); a smaller body can get through. */
const BODY_REFUSED = new Set([400, 413, 422]);
/** How much of the original summary the minimal report keeps. */
const SHORT_SUMMARY = 1000;

interface HttpError {
  status: number;
  message: string;
}

function refusedBody(error: unknown): error is HttpError {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && BODY_REFUSED.has(status);
}

function reasonOf(error: HttpError): string {
  return truncateText(`${error.status}: ${publicErrorMessage(error.message)}`, 300, { marker: 'ellipsis' });
}

/**
 * The smallest update that still lands the status and conclusion: name, status, conclusion, title and a
 * short summary saying GitHub refused the full report. No annotations, text, actions or details URL.
 */
export function minimalUpdate(params: UpdateCheckRunParams, error: HttpError): UpdateCheckRunParams {
  const summary = truncateText(params.output?.summary ?? '', SHORT_SUMMARY);
  const note = `GitHub refused the full report (${reasonOf(error)}), so kube-ci sent this short one without annotations and details.`;
  return {
    name: params.name,
    ...(params.status !== undefined ? { status: params.status } : {}),
    ...(params.conclusion !== undefined ? { conclusion: params.conclusion } : {}),
    output: { title: params.output?.title ?? 'kube-ci', summary: summary === '' ? note : `${summary}\n\n${note}` },
  };
}

export interface FallbackLog {
  warn: (message: string) => void;
}

/**
 * Sends `params` with `send`; when GitHub refuses the body (400/413/422), sends {@link minimalUpdate} once
 * so the conclusion always lands. A second refusal is a non-retryable GitHubValidationFailed carrying both
 * reasons; any other error (5xx, rate limit, 403) is rethrown as it is for the gateway to classify.
 * 401/403/404 are not retried with a smaller body: no body fixes a missing permission or check run.
 */
export async function sendWithFallback(
  send: (params: UpdateCheckRunParams) => Promise<unknown>,
  params: UpdateCheckRunParams,
  context: { action: string; log: FallbackLog },
): Promise<void> {
  try {
    await send(params);
    return;
  } catch (error) {
    if (!refusedBody(error)) throw error;
    // best effort to keep the run's outcome visible; the refused body's reason goes to the log in full
    context.log.warn(
      `${context.action}: GitHub refused the body (${error.status}: ${error.message}); sending a minimal one`,
    );
    try {
      await send(minimalUpdate(params, error));
    } catch (second) {
      if (!refusedBody(second)) throw second;
      throw ApplicationFailure.nonRetryable(
        `${context.action}: GitHub refused the report (${reasonOf(error)}) and the minimal report too (${reasonOf(second)})`,
        Failure.GitHubValidationFailed,
        { status: second.status, firstMessage: error.message, secondMessage: second.message },
      );
    }
  }
}
