/**
 * The closed list of failure type strings carried by non-retryable `ApplicationFailure`s.
 * Workflows branch on these strings (never on `instanceof`): the error crossed a serialisation boundary.
 */
export const Failure = {
  /** GitHub answered 401/403 (not a rate limit): the App lacks the permission or the installation is gone. */
  GitHubPermissionDenied: 'GitHubPermissionDenied',
  /** GitHub answered 404/410 for something that will not appear by retrying. */
  GitHubNotFound: 'GitHubNotFound',
  /** GitHub rejected the request body (422/400). Retrying the same request cannot succeed. */
  GitHubValidationFailed: 'GitHubValidationFailed',
  InvalidPipelineConfig: 'InvalidPipelineConfig',
  RunObjectRejected: 'RunObjectRejected',
  /** Kubernetes answered 401/403: the service account lacks RBAC for the object, retrying cannot help. */
  KubernetesPermissionDenied: 'KubernetesPermissionDenied',
} as const;

export type FailureType = (typeof Failure)[keyof typeof Failure];
