// Lint rules that keep the architecture honest: who may import what (STYLE.md §2) and promise hygiene.
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const nodeBuiltins = { group: ['node:*'], message: 'domain/ and workflows/ are pure: no Node built-ins.' };
const sdkClients = {
  group: [
    '@octokit/*',
    '@kubernetes/*',
    'express',
    'pino',
    '@temporalio/client',
    '@temporalio/worker',
    '@temporalio/activity',
  ],
  message:
    'Only activities/github and activities/kubernetes talk to GitHub and Kubernetes; workflows only use @temporalio/workflow.',
};

export default tseslint.config(
  {
    ignores: [
      'eslint.config.mjs',
      'starlark-wasm/src/worker.mjs',
      'scripts/*.mjs',
      'starlark-wasm/build/**',
      'node_modules/**',
      '.tools/**',
      '.data/**',
      'starlark-wasm/build/**',
      'dist/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: 'error',
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: restrict([
      nodeBuiltins,
      sdkClients,
      { group: ['@temporalio/*'], message: 'domain/ is pure.' },
      { group: ['../*', '!../domain/*'], message: 'domain/ imports only domain/.' },
    ]),
  },
  {
    files: ['workflows/**/*.ts'],
    rules: restrict([
      nodeBuiltins,
      sdkClients,
      {
        group: ['../api/*', '../worker/*', '../config/*'],
        message: 'workflows/ are deterministic and import no I/O code.',
      },
    ]),
  },
  {
    files: ['activities/**/*.ts'],
    rules: restrict([
      {
        group: ['../workflows/*', '../api/*', '../worker/*', '../../workflows/*', '../../api/*', '../../worker/*'],
        message: 'activities/ do not depend on workflows, api or worker.',
      },
    ]),
  },
  {
    files: ['temporal/**/*.ts'],
    rules: restrict([
      {
        group: ['../activities/*', '../api/*', '../worker/*', '@octokit/*', '@kubernetes/*', 'express'],
        message: 'temporal/ is the Temporal client gateway: it knows workflow definitions and talks only to Temporal.',
      },
    ]),
  },
  {
    files: ['api/**/*.ts'],
    rules: restrict([
      {
        group: ['../activities/*', '@octokit/rest', '@octokit/app', '@kubernetes/*'],
        message: 'api/ hands work to Temporal; it never calls GitHub or Kubernetes itself.',
      },
    ]),
  },
  {
    files: ['test/**/*.ts', 'dev/**/*.ts', 'scripts/**/*.ts', '**/main.ts', 'starlark-wasm/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
