import type { EvaluateRequest, LoadedModule } from './types';

export type HostCall =
  | { callId: number; method: 'load' | 'loadFile'; args: [string, string] }
  | { callId: number; method: 'loadAll'; args: [string[], string] };

/** One module's answer in a `loadAll` reply (engine/load_batch.go LoadOutcome). */
type LoadOutcome = LoadedModule | { error: HostError } | { deferred: true };

interface HostError {
  message: string;
  kind?: string;
}

export type HostReply =
  { type: 'host-reply'; callId: number; value: unknown } | { type: 'host-reply'; callId: number; error: HostError };

/**
 * Runs the request's host callback for a call coming from the worker and
 * enforces maxFileBytes before any large source crosses into the engine.
 * `loadAll` (all load statements of one module, one thread crossing) calls
 * `load` for each module in turn and stops at the first failure: the rest are
 * deferred, and the engine asks for each with `load` if the script reaches it.
 */
export async function answerHostCall(request: EvaluateRequest, call: HostCall): Promise<HostReply> {
  const reply = (value: unknown): HostReply => ({ type: 'host-reply', callId: call.callId, value });
  try {
    if (call.method === 'loadAll') {
      const [modules, fromModule] = call.args;
      const outcomes: LoadOutcome[] = [];
      for (const module of modules) {
        if (outcomes.some((outcome) => 'error' in outcome)) outcomes.push({ deferred: true });
        else
          outcomes.push(
            await load(request, module, fromModule).catch((error: unknown) => ({ error: hostError(error) })),
          );
      }
      return reply(outcomes);
    }
    const [name, fromModule] = call.args;
    if (call.method === 'load') return reply(await load(request, name, fromModule));
    if (!request.loadFile) throw new Error('loadFile() is not available');
    const contents = await request.loadFile(name, fromModule);
    if (contents !== null) checkSize(request, name, contents);
    return reply(contents);
  } catch (error) {
    return { type: 'host-reply', callId: call.callId, error: hostError(error) };
  }
}

async function load(request: EvaluateRequest, module: string, fromModule: string): Promise<LoadedModule> {
  if (!request.load) throw new Error(`load() is not available: cannot load ${module}`);
  const loaded = await request.load(module, fromModule);
  if ('source' in loaded) checkSize(request, loaded.filename, loaded.source);
  return loaded;
}

function hostError(error: unknown): HostError {
  const kind = error instanceof FileSizeError ? 'file-size' : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return kind ? { message, kind } : { message };
}

export class FileSizeError extends Error {
  constructor(name: string, bytes: number, limit: number) {
    super(`${name} is ${bytes} bytes, larger than the limit of ${limit} bytes`);
    this.name = 'FileSizeError';
  }
}

/** Throws FileSizeError when contents exceed limits.maxFileBytes (UTF-8 bytes). */
export function checkSize(request: EvaluateRequest, name: string, contents: string): void {
  const limit = request.limits.maxFileBytes;
  if (limit === undefined) return;
  const bytes = Buffer.byteLength(contents, 'utf8');
  if (bytes > limit) throw new FileSizeError(name, bytes, limit);
}
