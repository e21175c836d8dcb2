import type { EvaluateRequest } from './types';

export interface HostCall {
  callId: number;
  method: 'load' | 'loadFile';
  args: [string, string];
}

export type HostReply =
  | { type: 'host-reply'; callId: number; value: unknown }
  | { type: 'host-reply'; callId: number; error: { message: string; kind?: string } };

/**
 * Runs the request's host callback for a call coming from the worker and
 * enforces maxFileBytes before any large source crosses into the engine.
 */
export async function answerHostCall(request: EvaluateRequest, call: HostCall): Promise<HostReply> {
  const [name, fromModule] = call.args;
  try {
    if (call.method === 'load') {
      if (!request.load) throw new Error(`load() is not available: cannot load ${name}`);
      const loaded = await request.load(name, fromModule);
      if ('source' in loaded) checkSize(request, loaded.filename, loaded.source);
      return { type: 'host-reply', callId: call.callId, value: loaded };
    }
    if (!request.loadFile) throw new Error('loadFile() is not available');
    const contents = await request.loadFile(name, fromModule);
    if (contents !== null) checkSize(request, name, contents);
    return { type: 'host-reply', callId: call.callId, value: contents };
  } catch (error) {
    const kind = error instanceof FileSizeError ? 'file-size' : undefined;
    const message = error instanceof Error ? error.message : String(error);
    return { type: 'host-reply', callId: call.callId, error: kind ? { message, kind } : { message } };
  }
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
