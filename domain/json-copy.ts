/**
 * Deep copy of plain JSON data, so decisions never mutate their input. `structuredClone` is not
 * promised inside the Temporal workflow sandbox; Argo objects are JSON anyway.
 */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
