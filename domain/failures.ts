/**
 * The closed list of failure type strings carried by `ApplicationFailure`s (non-retryable unless said).
 * Workflows branch on these strings (never on `instanceof`): the error crossed a serialisation boundary.
 */
export const Failure = {
  /** GitHub answered 401/403 (not a rate limit): the App lacks the permission or the installation is gone. */
  GitHubPermissionDenied: 'GitHubPermissionDenied',
  /** GitHub answered 404/410 for something that will not appear by retrying. */
  GitHubNotFound: 'GitHubNotFound',
  /** GitHub rate-limited the App; retryable, after the wait GitHub asked for (`nextRetryDelay`). */
  GitHubRateLimited: 'GitHubRateLimited',
  /** GitHub rejected the request body (422/400). Retrying the same request cannot succeed. */
  GitHubValidationFailed: 'GitHubValidationFailed',
  /** The repository's `.kube-ci` pipeline cannot be loaded, evaluated or validated; the user must fix it. */
  InvalidPipelineConfig: 'InvalidPipelineConfig',
  /** Kubernetes refused the run's Argo Workflow (validation, admission, name taken by another run). */
  RunObjectRejected: 'RunObjectRejected',
  /** Kubernetes answered 401/403: the service account lacks RBAC for the object, retrying cannot help. */
  KubernetesPermissionDenied: 'KubernetesPermissionDenied',
  /** The run's cache PVC cannot be planned or created (bad scope or size, missing `cacheName` volume). */
  CacheVolumeFailed: 'CacheVolumeFailed',
  /**
   * The run's cache PVC is still being deleted (Terminating: a cleared cache some pod still mounts). Retryable:
   * the submit waits, within its activity's retry bounds, until the old volume is gone, then creates a new one.
   */
  CacheVolumeTerminating: 'CacheVolumeTerminating',
  /** kube-ci's own workflow code failed on an input it did not expect: the run fails instead of looping. */
  InternalError: 'InternalError',
  /** A manual step's Run or Skip cannot apply now (step running, not this run's): the press is refused. */
  ManualStepRefused: 'ManualStepRefused',
} as const;

export type FailureType = (typeof Failure)[keyof typeof Failure];
