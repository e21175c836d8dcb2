/**
 * The process's Prometheus registry: kube-ci's own families (one file per concern beside this one) and
 * prom-client's process and Node.js metrics (`process_*`, `nodejs_*`). The API serves it at `/metrics` on its
 * port, the worker on `KUBECI_METRICS_PORT` (metrics/server.ts). Families are module-level, the way prom-client
 * is meant to be used: an activity or gateway imports the family it counts, and nothing has to be threaded
 * through the dependency objects. Workflow code never imports this (it would run again on every replay).
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** Seconds since `startMs` (a `Date.now()` value), never negative (clocks of two machines may disagree). */
export function secondsSince(startMs: number, nowMs: number = Date.now()): number {
  return Math.max(0, nowMs - startMs) / 1000;
}

/** Buckets for latencies from tens of milliseconds to minutes (webhook hand-offs, submits, check-run updates). */
export const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
