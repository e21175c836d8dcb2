/**
 * `npm run build`: the API, the worker and the CLI compiled to `dist/` for plain `node dist/…`, with no
 * TypeScript loader at run time. The layout mirrors the sources (dist/api/main.js, dist/worker/main.js,
 * dist/cli/kube-ci.js, …), so every `new URL('…', import.meta.url)` finds its file as it does in the tree:
 * the Starlark wasm and its worker thread, the shipped Argo schema, and the prebuilt workflow bundle.
 *
 * 1. esbuild, the transpiler tsx already runs the code through in development and in the tests, finds every
 *    project file the three entry points reach (one bundling pass, packages external, its metafile) and
 *    transpiles each to ESM on its own. Types are `npm run typecheck`'s job (tsc), not the build's.
 * 2. tsc-alias (`resolveFullPaths`) gives the relative imports the `.js` / `/index.js` Node's ESM loader
 *    wants; the sources import without extensions, as `moduleResolution: bundler` lets them.
 * 3. The run-time files that are not code are copied beside the code that opens them.
 * 4. The workflow code is bundled once with the SDK's `bundleWorkflowCode` into
 *    dist/workflows/workflow-bundle.js, which the worker loads (`workflowBundle: { codePath }`) instead of
 *    running webpack at start (worker/create-worker.ts).
 */
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { build } from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { replaceTscAliasPaths } from 'tsc-alias';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** `--out-dir DIR` (scripts/build-image-contents.sh builds the image's tree elsewhere); default dist/. */
const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: join(root, 'dist') } } });
const outDir = resolve(values['out-dir']);
const entryPoints = ['api/main.ts', 'worker/main.ts', 'cli/kube-ci.ts'];
/** Files opened at run time through import.meta.url, copied to the same place under dist/. */
const runtimeFiles = [
  'starlark-wasm/build/starlark.wasm',
  'starlark-wasm/build/wasm_exec.js',
  'starlark-wasm/src/worker.mjs',
  'activities/argo-schema/workflow-jsonschema.json',
];
/** Where the worker looks for the prebuilt bundle (worker/create-worker.ts: prebuiltWorkflowBundlePath). */
export const workflowBundleFile = 'workflows/workflow-bundle.js';

const started = Date.now();
const say = (line: string): void => console.log(`kube-ci build: ${line}`);

const missing = runtimeFiles.filter((file) => !existsSync(join(root, file)));
if (missing.length > 0) {
  console.error(`kube-ci build: missing ${missing.join(', ')}: run \`npm run setup\` (or \`npm ci\`) first`);
  process.exit(1);
}
rmSync(outDir, { recursive: true, force: true });

// 1. The project files the entry points import (node_modules stays outside), then each transpiled alone.
const graph = await build({
  absWorkingDir: root,
  entryPoints,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  outdir: outDir,
  write: false,
  metafile: true,
  logLevel: 'warning',
});
const sources = Object.keys(graph.metafile.inputs).filter((file) => file.endsWith('.ts'));
await build({
  absWorkingDir: root,
  entryPoints: sources,
  outdir: outDir,
  outbase: root,
  bundle: false,
  platform: 'node',
  format: 'esm',
  sourcemap: true,
  tsconfig: join(root, 'tsconfig.build.json'),
  logLevel: 'warning',
});
say(`compiled ${sources.length} files`);

// 2. `from './x'` → `from './x.js'`, `from '../config'` → `from '../config/index.js'`.
await replaceTscAliasPaths({ configFile: join(root, 'tsconfig.build.json'), outDir, resolveFullPaths: true });

// 3. Run-time files beside the code that opens them.
for (const file of runtimeFiles) {
  mkdirSync(dirname(join(outDir, file)), { recursive: true });
  copyFileSync(join(root, file), join(outDir, file));
}

// 4. The workflow bundle, so a worker started from dist/ never runs webpack.
const { code } = await bundleWorkflowCode({
  workflowsPath: join(root, 'workflows', 'index.ts'),
  logger: new DefaultLogger('WARN'),
});
writeFileSync(join(outDir, workflowBundleFile), code);
chmodSync(join(outDir, 'cli', 'kube-ci.js'), 0o755);
say(
  `wrote ${outDir}/ (workflow bundle ${Math.round(code.length / 1024)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
