import { defineConfig } from 'vitest/config';

// Temporal workers inside vitest worker threads hit Wasm out-of-memory errors
// (temporalio/sdk-typescript#876), so every suite runs in forked processes.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts', 'starlark-wasm/test/**/*.test.ts'],
    // One clear line when the Temporal CLI, the Starlark wasm or ../shared/ is missing (scripts/setup.mjs).
    globalSetup: ['test/support/prerequisites.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
