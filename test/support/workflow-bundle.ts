// One webpack bundle of `workflows/` per `vitest run`, instead of one per test file: bundling takes 4–11 s
// (3.6 s of CPU) on this 2-core machine, and ~50 files need it. Hand-written, not a library: what it shares is a
// file in a folder the run's global setup made (bundle-dir-setup.ts), written once under a lock directory
// (mkdir is atomic), because test files run in separate processes and cannot share a promise. The bundle is
// the same code each file bundled before: the sources do not change during a run, and the folder (so the
// bundle) goes with the run. Outside vitest (benchmarks import the e2e stack) it bundles as before.
import { bundleWorkflowCode } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workflowsPath } from '../../worker/create-worker';
import { BUNDLE_DIR_ENV } from './bundle-dir-setup';
import { silentBundlerLogger } from './quiet-temporal';

const inProcess = new Map<string, Promise<{ code: string }>>();

/**
 * The workflow bundle of `path` (default: `workflows/index.ts`), bundled once per run and shared by every
 * test file of it; bundled here when no run folder is set.
 */
export function sharedWorkflowBundle(path: string = workflowsPath): Promise<{ code: string }> {
  let bundle = inProcess.get(path);
  if (!bundle) {
    bundle = fromRunFolder(path);
    inProcess.set(path, bundle);
    bundle.catch(() => inProcess.delete(path));
  }
  return bundle;
}

const bundle = (path: string) => bundleWorkflowCode({ workflowsPath: path, logger: silentBundlerLogger });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function fromRunFolder(path: string): Promise<{ code: string }> {
  const dir = process.env[BUNDLE_DIR_ENV];
  if (!dir || !existsSync(dir)) return bundle(path);
  const key = createHash('sha256').update(path).digest('hex').slice(0, 16);
  const file = join(dir, `${key}.js`);
  const lock = join(dir, `${key}.lock`);
  // a file that waits longer than a bundle can take bundles for itself (the lock's owner is stuck, not dead)
  for (const deadline = Date.now() + 180_000; Date.now() < deadline;) {
    if (existsSync(file)) return { code: readFileSync(file, 'utf8') };
    try {
      mkdirSync(lock);
    } catch {
      const owner = Number(readIfThere(join(lock, 'pid')));
      // the owner died mid-bundle (its file was killed): take the lock over
      if (owner > 0 && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      const made = await bundle(path);
      writeFileSync(`${file}.${process.pid}`, made.code);
      renameSync(`${file}.${process.pid}`, file);
      return made;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return bundle(path);
}

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
