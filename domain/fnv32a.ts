import { utf8Bytes } from './utf8-bytes';

/**
 * 32-bit FNV-1a over the UTF-8 bytes of `text`, as Go's `hash/fnv.New32a`. Argo uses it in v2 pod
 * names, so the result must match bit for bit.
 */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8Bytes(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
