/**
 * Reading untyped webhook JSON without casts: `at(payload, 'check_suite', 'app', 'id')` walks
 * objects and returns `undefined` at the first missing or non-object step. domain/ cannot import
 * `@octokit/webhooks` types (house rule: no SDKs in domain), so payloads are narrowed by hand.
 */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The string at `path`, or `undefined` when it is missing, null or not a string. */
export function stringAt(value: unknown, ...path: string[]): string | undefined {
  const found = at(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

/** The finite number at `path`, or `undefined`. */
export function numberAt(value: unknown, ...path: string[]): number | undefined {
  const found = at(value, ...path);
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}

/** The positive integer id at `path` (a GitHub id: installation, check suite), or `undefined`. */
export function idAt(value: unknown, ...path: string[]): number | undefined {
  const found = at(value, ...path);
  return typeof found === 'number' && Number.isSafeInteger(found) && found > 0 ? found : undefined;
}
