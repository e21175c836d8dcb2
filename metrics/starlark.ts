/** Starlark metrics, counted around every evaluation of the worker's engine pool (activities/starlark/). */
import { Counter, Histogram } from 'prom-client';
import { registry } from './registry';

export const starlarkEvaluationsTotal = new Counter({
  name: 'kubeci_starlark_evaluations_total',
  help: 'Starlark evaluations, by result (ok, or the error kind: syntax, runtime, load, steps, timeout, memory, file-size, conversion, crash, unavailable)',
  labelNames: ['result'] as const,
  registers: [registry],
});

export const starlarkLimitHitsTotal = new Counter({
  name: 'kubeci_starlark_limit_hits_total',
  help: 'Starlark evaluations stopped by a limit, by limit (steps, timeout, memory, file-size; KUBECI_STARLARK_*)',
  labelNames: ['limit'] as const,
  registers: [registry],
});

export const starlarkEvaluationSeconds = new Histogram({
  name: 'kubeci_starlark_evaluation_seconds',
  help: 'Seconds one Starlark evaluation took, queueing for an engine included',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});

/** The error kinds that mean a configured limit stopped the script (pipeline/starlark-failure.ts LIMIT_SETTINGS). */
const LIMIT_KINDS = new Set(['steps', 'timeout', 'memory', 'file-size']);

export function recordStarlarkEvaluation(result: 'ok' | string, seconds: number): void {
  starlarkEvaluationsTotal.inc({ result });
  starlarkEvaluationSeconds.observe(seconds);
  if (LIMIT_KINDS.has(result)) starlarkLimitHitsTotal.inc({ limit: result });
}
