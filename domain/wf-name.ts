import { hash } from './hash';
import { labelSafe } from './label-safe';
import { truncateUtf8, utf8Bytes } from './utf8-bytes';

/** What an Argo Workflow name is derived from. */
export interface WfNameInput {
  org: string;
  repo: string;
  /** requested entrypoint; '' for default runs */
  entrypoint: string;
  ref: string;
  /**
   * Makes names of different runs differ. The original used 10 random bytes; we use the Temporal
   * workflow id so a retried submit computes the same name and finds the object it made.
   */
  salt: string;
}

const MAX_NAME = 50;
const HASH_LENGTH = 9;

/**
 * `workflow.go: wfName` (SPEC B 8.11), deterministic: `labelSafe(repo, [entrypoint,] ref, suffix)`
 * with suffix `x` + 8 characters of a SHA-1 over the salt and all inputs. The repo is cut to 20
 * UTF-8 bytes (15 with an entrypoint), the entrypoint to 15, and the ref to what is left of 40.
 * Always ≤ 50 characters, never empty, every dot-separated part an RFC-1035 label.
 *
 * @example wfName({ org: 'tcolgate', repo: 'kube-ci', entrypoint: '', ref: 'master', salt })
 *   // 'kube-ci.master.x…' (9-character suffix)
 */
export function wfName({ org, repo, entrypoint, ref, salt }: WfNameInput): string {
  const suffix = hash(salt, org, repo, entrypoint, ref);
  let budget = MAX_NAME - HASH_LENGTH - 1;

  const repoLimit = entrypoint === '' ? 20 : 15;
  const repoPart = truncateUtf8(repo, repoLimit);
  // Go subtracts len(repo[:limit]) in bytes, a split code point included; so do we.
  budget -= Math.min(utf8Bytes(repo).length, repoLimit) + 1;

  let entrypointPart = '';
  if (entrypoint !== '') {
    entrypointPart = truncateUtf8(entrypoint, 15);
    budget -= Math.min(utf8Bytes(entrypoint).length, 15) + 1;
  }
  const refPart = truncateUtf8(ref, Math.max(budget, 0));
  return labelSafe(repoPart, entrypointPart, refPart, suffix);
}
