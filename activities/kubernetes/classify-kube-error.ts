import { ApplicationFailure } from '@temporalio/common';
import { Failure, type FailureType } from '../../domain/failures';
import { publicErrorMessage } from '../../domain/public-error-message';

/** What client-node's ApiException carries (duck-typed so classification needs no client import). */
interface KubeHttpError {
  code: number;
  body?: unknown;
}

interface KubeStatusBody {
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string; field?: string }[] };
}

function isKubeHttpError(error: unknown): error is KubeHttpError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number';
}

export function httpStatusOf(error: unknown): number | undefined {
  return isKubeHttpError(error) ? error.code : undefined;
}

/** client-node 1.x hands the response body over as text; the API server sends a metav1.Status. */
export function statusBodyOf(error: unknown): KubeStatusBody {
  if (!isKubeHttpError(error)) return {};
  const { body } = error;
  if (typeof body === 'object' && body !== null) return body as KubeStatusBody;
  if (typeof body !== 'string') return {};
  try {
    return JSON.parse(body) as KubeStatusBody;
  } catch {
    return { message: body };
  }
}

function permanentType(status: number): FailureType | undefined {
  if (status === 401 || status === 403) return Failure.KubernetesPermissionDenied;
  if (status === 400 || status === 422) return Failure.RunObjectRejected;
  return undefined;
}

/**
 * The one place Kubernetes errors are sorted. Network errors (no status), 5xx, 429 and conflicts come back
 * unchanged so Temporal's retry policy runs; 400/422 (the API server rejected the object) and 401/403 (RBAC)
 * become non-retryable ApplicationFailures carrying the API server's Status message and causes.
 * The failure's message may reach a public check run, so it passes publicErrorMessage (no addresses,
 * service accounts or tokens; validation causes stay readable); `details` keep the full Status.
 */
export function classifyKubeError(error: unknown, action: string): unknown {
  const status = httpStatusOf(error);
  if (status === undefined) return error;
  const type = permanentType(status);
  if (!type) return error;
  const body = statusBodyOf(error);
  return ApplicationFailure.nonRetryable(
    publicErrorMessage(`${action}: Kubernetes answered ${status}: ${body.message ?? 'no message'}`),
    type,
    {
      status,
      reason: body.reason,
      message: body.message,
      causes: body.details?.causes ?? [],
    },
  );
}
