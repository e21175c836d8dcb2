import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../dev/temporal-binary';

/**
 * The last released version of the worker, as source: the upgrade test runs a worker from this commit, lets a
 * run reach a long wait, and replaces it with a worker of the current code (docs/upgrades.md, "The rule").
 *
 * When a release changes a workflow's command sequence (a new `run-shape-*` patch), move this to the last commit
 * of the release before it, so the test always upgrades from what production runs today.
 */
export const releasedWorker = {
  /** the run shape that commit records (workflows/run-shape.ts) */
  shape: '0.5',
  commit: 'd379f26a4b42e1bc2feabdedc3371f04a9e982c7',
} as const;

const cacheRoot = join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'kube-ci', 'released');

function git(args: string[]): Buffer {
  return execFileSync('git', args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
}

/**
 * A runnable tree of `commit` in `~/.cache/kube-ci/released/<commit>/`, made once per machine: the commit's files
 * (`git archive`), its packages (the project's own `node_modules` when the lock file is the same, else `npm ci`),
 * the shared `.tools`, and its Starlark wasm (built by the commit's own `scripts/setup.mjs` when its Go sources
 * differ from the current build). Throws with the remedy when the clone does not have the commit (a shallow clone).
 */
export function releasedTree(commit: string): string {
  const dir = join(cacheRoot, commit);
  // a fresh build links as it goes; a cached tree is re-pointed at this clone
  if (existsSync(join(dir, '.ready'))) linkShared(dir, commit);
  else build(commit, dir);
  return dir;
}

function build(commit: string, dir: string): void {
  try {
    git(['cat-file', '-e', `${commit}^{commit}`]);
  } catch {
    throw new Error(
      `the upgrade test needs commit ${commit} in this clone: fetch the full history (git fetch --unshallow)`,
    );
  }
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  execFileSync('tar', ['-x', '-C', building], { input: git(['archive', commit]) });
  linkShared(building, commit);
  // Start from the current engine; the commit's own set-up rebuilds it only when its Go sources differ.
  cpSync(join(projectRoot, 'starlark-wasm', 'build'), join(building, 'starlark-wasm', 'build'), { recursive: true });
  execFileSync(process.execPath, ['scripts/setup.mjs'], { cwd: building, stdio: 'ignore' });
  writeFileSync(join(building, '.ready'), `${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
}

function sameLock(commit: string): boolean {
  return readFileSync(join(projectRoot, 'package-lock.json')).equals(git(['show', `${commit}:package-lock.json`]));
}

/**
 * Points the tree at this clone's `.tools`, and at its `node_modules` while the lock files agree (clones come
 * and go); once they differ, the tree gets its own packages from the commit's lock file.
 */
function linkShared(dir: string, commit: string): void {
  const link = (name: string): void => {
    rmSync(join(dir, name), { recursive: true, force: true });
    symlinkSync(join(projectRoot, name), join(dir, name));
  };
  link('.tools');
  const modules = join(dir, 'node_modules');
  if (sameLock(commit)) link('node_modules');
  else if (!existsSync(modules) || lstatSync(modules).isSymbolicLink()) {
    rmSync(modules, { recursive: true, force: true });
    const env = { ...process.env, KUBECI_SKIP_SETUP: '1' };
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, env, stdio: 'ignore' });
  }
}
