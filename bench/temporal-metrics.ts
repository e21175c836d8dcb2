/**
 * Requests the Temporal dev server answered, from its Prometheus endpoint (`--metrics-port`): the
 * `service_requests` counter of the frontend service (the API clients and workers talk to), per operation.
 * Only that one counter's lines are read, so a line match does: a full exposition-format parser would add a
 * dependency for nothing.
 */
const LINE = /^service_requests\{([^}]*)\}\s+([0-9.eE+-]+)$/;

/** Frontend requests so far, by gRPC operation, in one namespace. */
export async function frontendRequests(metricsUrl: string, namespace = 'default'): Promise<Record<string, number>> {
  const res = await fetch(metricsUrl);
  if (!res.ok) throw new Error(`${metricsUrl} answered ${res.status}`);
  const counts: Record<string, number> = {};
  for (const line of (await res.text()).split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (labels['service_name'] !== 'frontend' || labels['namespace'] !== namespace) continue;
    const operation = labels['operation'] ?? '?';
    counts[operation] = (counts[operation] ?? 0) + Number(match[2]);
  }
  return counts;
}

/** Per-second rates of each operation between two readings `seconds` apart, largest first. */
export function ratesPerSecond(
  from: Record<string, number>,
  to: Record<string, number>,
  seconds: number,
): Record<string, number> {
  const rates = Object.entries(to)
    .map(([op, n]) => [op, Math.round(((n - (from[op] ?? 0)) / seconds) * 100) / 100] as const)
    .filter(([, rate]) => rate > 0)
    .sort(([, a], [, b]) => b - a);
  return Object.fromEntries(rates);
}
