import { defineConfig } from 'vitest/config';

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

// Temporal workers inside vitest worker threads hit Wasm out-of-memory errors
// (temporalio/sdk-typescript#876), so every suite runs in forked processes.
export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default is one file at a time on a 2-core machine (cores - 1); most of a test file's time is spent
    // waiting on its own Temporal server, worker and stand-ins, so two files at once use the machine better.
    maxWorkers: 2,
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
