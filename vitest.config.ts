import { defineConfig } from 'vitest/config';

// Temporal workers inside vitest worker threads hit Wasm out-of-memory errors
// (temporalio/sdk-typescript#876), so every suite runs in forked processes.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts', 'starlark-wasm/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
