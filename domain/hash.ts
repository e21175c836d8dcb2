import { base64url } from './base64url';
import { sha1 } from './sha1';
import { utf8Bytes } from './utf8-bytes';

/**
 * `pvc.go: hash` (SPEC B 10.3): `x` + the first 8 characters of unpadded URL-safe base64 of SHA-1
 * over the strings joined with `#`. Deterministic; e.g. `hash('myorg', 'myrepo')` is `xwjBVEo1W`.
 */
export function hash(...parts: string[]): string {
  return 'x' + base64url(sha1(utf8Bytes(parts.join('#')))).slice(0, 8);
}
