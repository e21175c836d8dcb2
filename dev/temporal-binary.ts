import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the `temporal` CLI is: `TEMPORAL_CLI_PATH` if set, else `temporal` on PATH, else the project's
 * own copy in `.tools/venv/bin/temporal` (installed by `scripts/install-temporal.sh`).
 */
export function findTemporalBinary(env: Record<string, string | undefined>): string {
  const explicit = env['TEMPORAL_CLI_PATH'];
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'temporal'))) return join(dir, 'temporal');
  }
  const local = join(projectRoot, '.tools', 'venv', 'bin', 'temporal');
  if (isExecutable(local)) return local;
  throw new Error('no temporal CLI found: run `bash scripts/install-temporal.sh` or set TEMPORAL_CLI_PATH');
}

export { projectRoot };
