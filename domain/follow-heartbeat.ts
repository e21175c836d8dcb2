/**
 * The heartbeat timeout of `followArgoWorkflow`, the one activity a run holds for as long as its Argo Workflow
 * runs (KUBECI_FOLLOW_HEARTBEAT_TIMEOUT). The Temporal SDK sends a running activity's heartbeats at most every
 * 80 % of this timeout, and each one the server records is a write of the run's mutable state: at 10 s that was
 * one per 8 s per run, 125 writes per second for 1,000 runs in flight doing nothing. At 60 s it is one per 48 s,
 * ~21 per second for 1,000 (bench/README.md).
 *
 * The price: a worker that dies without shutting down (SIGKILL, OOM, a lost node) has its runs' followers
 * noticed, and retried on another worker, only after up to this long, and their check runs show no progress
 * meanwhile. A worker that is stopped (SIGTERM, a rollout) is not waited for: its activities fail at shutdown
 * and are retried at once. The workflow takes the value from `submitPipeline`'s result (the worker's setting);
 * a run recorded before it (or shape 0.1) uses this default.
 */
export const DEFAULT_FOLLOW_HEARTBEAT_TIMEOUT_MS = 60_000;
