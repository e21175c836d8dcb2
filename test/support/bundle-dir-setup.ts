import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The environment variable naming the run's bundle folder (read by workflow-bundle.ts). */
export const BUNDLE_DIR_ENV = 'KUBECI_TEST_BUNDLE_DIR';

/**
 * Vitest global setup: a folder for this run's shared workflow bundle (workflow-bundle.ts), named to the test
 * files' processes by an environment variable, and removed when the run ends. Both projects list it; the first
 * makes the folder, the second finds it set and leaves it to the first.
 */
export default function bundleDir(): (() => void) | undefined {
  if (process.env[BUNDLE_DIR_ENV]) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kube-ci-bundle-'));
  process.env[BUNDLE_DIR_ENV] = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[BUNDLE_DIR_ENV];
  };
}
