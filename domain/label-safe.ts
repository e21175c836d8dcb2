import { escape, stripEdges } from './escape';

/**
 * `controller.go: labelSafe` (SPEC B 8.10): escape each part, drop empty ones, join with `.`,
 * keep the last 50 characters, strip the edges again. The result is `''` or a dot-joined series
 * of RFC-1035 labels, usable as a Kubernetes label value or object name.
 *
 * @example labelSafe('tcolgate', 'kube-ci', '', 'master') === 'tcolgate.kube-ci.master'
 */
export function labelSafe(...parts: string[]): string {
  return labelSafeLen(50, ...parts);
}

/**
 * {@link labelSafe} with a custom maximum length. The front is cut, not the back, because the
 * tail carries the distinguishing parts (branch, hash).
 */
export function labelSafeLen(maxLength: number, ...parts: string[]): string {
  const joined = parts
    .map(escape)
    .filter((part) => part !== '')
    .join('.');
  // Escaped text is ASCII, so characters and bytes agree.
  const tail = joined.length > maxLength ? joined.slice(joined.length - maxLength) : joined;
  return stripEdges(tail);
}
