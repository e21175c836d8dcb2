import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvaluateRequest, LoadedModule } from '../src/index';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const wasmPath = join(packageDir, 'build', 'starlark.wasm');

/** Builds the wasm when it is missing or older than any Go source, so tests never run a stale engine. */
export function ensureEngineBuilt(): void {
  const built = safeMtime(wasmPath);
  const newestSource = Math.max(...goSources(packageDir).map(safeMtime));
  if (built >= newestSource) return;
  execFileSync('bash', [join(packageDir, 'build.sh')], { stdio: 'pipe' });
}

function goSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['build', 'node_modules', 'test', 'src'].includes(entry.name) ? [] : goSources(path);
    return /\.go$|^go\.(mod|sum)$|^build\.sh$/.test(entry.name) ? [path] : [];
  });
}

function safeMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

export const limits = { maxSteps: 10_000_000, timeoutMs: 5_000 } as const;

/**
 * A host over an in-memory file map: names resolve relative to the loading
 * module's directory ("/" starts at the root), and "builtin:///x" names the
 * engine's builtin module x.
 */
export function memoryHost(files: Record<string, string>): Pick<EvaluateRequest, 'load' | 'loadFile'> {
  const resolve = (name: string, from: string): string =>
    name.startsWith('/') ? posix.normalize(name.slice(1)) : posix.join(posix.dirname(from), name);
  return {
    load: async (module: string, fromModule: string): Promise<LoadedModule> => {
      await new Promise((r) => setTimeout(r, 1)); // answer asynchronously, as a real host does
      if (module.startsWith('builtin:///')) return { builtin: module.slice('builtin:///'.length) as never };
      const filename = resolve(module, fromModule);
      const source = files[filename];
      if (source === undefined) throw new Error(`module ${filename} not found`);
      return { filename, source };
    },
    loadFile: async (name: string, fromModule: string) => files[resolve(name, fromModule)] ?? null,
  };
}
