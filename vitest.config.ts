import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The e2e files that also run against a real kube-apiserver + etcd (test/e2e/kube-tier.ts; binaries from
 * scripts/build-kube.sh): the ones whose outcome depends on Kubernetes behaviour — create/get/list/watch/
 * patch/delete of Workflows, resourceVersion and 410, 409 on a name clash, PVCs and their finalizer, RBAC.
 * The rest (webhook parsing, GitHub faults, Starlark, policy, log bounds) run on the fake tier only: Kubernetes
 * adds nothing there but minutes. `test/e2e/real-kube/` holds what only the real server can prove.
 */
export const realKubeFiles = [
  'test/e2e/ci-run.test.ts',
  'test/e2e/supersede.test.ts',
  'test/e2e/redelivery.test.ts',
  'test/e2e/crash.test.ts',
  'test/e2e/caches.test.ts',
  'test/e2e/manual-steps.test.ts',
  'test/e2e/real-kube/*.test.ts',
];

/**
 * Runs the files longest first, across both projects, so the two workers finish together. Vitest's own order
 * runs the projects one after the other (the real-kube files, the longest, last: one worker sat idle for a
 * minute at the end of .ci/run while the other finished them) and, on a fresh clone with no durations, larger
 * files first. Here a file's weight is its duration in vitest's results cache (the last run; .ci/run keeps that
 * cache outside the clone, KUBECI_VITEST_CACHE_DIR), else a guess by what it starts: a new file needs no entry.
 */
class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const weights = new Map(files.map((file) => [file, this.weight(file)]));
    return [...files].sort((a, b) => weights.get(b)! - weights.get(a)!);
  }

  private weight(file: TestSpecification): number {
    const path = relative(this.ctx.config.root, file.moduleId);
    const known = this.ctx.cache.getFileTestResults(`${file.project.name}:${path}`);
    if (known) return known.duration;
    return guessMs(file.project.name, path) + statSync(file.moduleId).size / 100;
  }
}

/** A file never run here: one on a real kube-apiserver, or starting servers and processes, takes tens of seconds. */
function guessMs(project: string, path: string): number {
  if (project === 'real-kube') return 30_000;
  if (/^test\/(e2e|dev|build|cli)\//.test(path)) return 20_000;
  if (path.startsWith('test/workflows/')) return 10_000;
  return 0;
}

// Temporal workers inside vitest worker threads hit Wasm out-of-memory errors
// (temporalio/sdk-typescript#876), so every suite runs in forked processes.
export default defineConfig({
  // vitest's results cache (the files' last durations, which order the next run) lives in node_modules/.vite
  // unless KUBECI_VITEST_CACHE_DIR names a folder: .ci/run keeps it outside the clone, so a fresh clone has them
  ...(process.env['KUBECI_VITEST_CACHE_DIR'] ? { cacheDir: process.env['KUBECI_VITEST_CACHE_DIR'] } : {}),
  test: {
    pool: 'forks',
    // Vitest's default is one file at a time on a 2-core machine (cores - 1); most of a test file's time is spent
    // waiting on its own Temporal server, worker and stand-ins, so two files at once use the machine better.
    maxWorkers: 2,
    // longest first across both projects (LongestFirstSequencer above), so the workers end together
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'fake-kube',
          include: ['test/**/*.test.ts', 'starlark-wasm/test/**/*.test.ts'],
          // One clear line when the Temporal CLI, the Starlark wasm or ../shared/ is missing (scripts/setup.mjs).
          globalSetup: ['test/support/prerequisites.ts', 'test/support/bundle-dir-setup.ts'],
          exclude: ['test/e2e/real-kube/**', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'real-kube',
          include: realKubeFiles,
          env: { KUBECI_E2E_KUBE: 'real' },
          // the same check, then etcd + kube-apiserver built on first use (minutes, with progress; cached after)
          globalSetup: [
            'test/support/prerequisites.ts',
            'test/support/bundle-dir-setup.ts',
            'test/support/real-kube/build-on-first-use.ts',
          ],
        },
      },
    ],
  },
});
