import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const setupScript = fileURLToPath(new URL('../../scripts/setup.mjs', import.meta.url));

/**
 * Vitest global setup: before any test file starts, `scripts/setup.mjs --check` confirms the Temporal CLI,
 * the Starlark wasm and `../shared/` are in place. A missing piece stops the run at once with one line
 * naming the remedy, instead of failing test by test as time-outs and 500s.
 */
export default function checkPrerequisites(): void {
  const result = spawnSync(process.execPath, [setupScript, '--check'], { encoding: 'utf8' });
  if (result.status === 0) return;
  throw new Error(`the test prerequisites are not in place:\n${result.stderr.trim()}`);
}
