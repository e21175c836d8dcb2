import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvaluateRequest, EvaluateResult, StarlarkPool, StarlarkPoolOptions } from './types';
import { StarlarkWorker, type CompiledWasmModule } from './worker-handle';
import { FileSizeError, checkSize } from './host-calls';
import { failure } from './engine-request';

// @types/node does not declare WebAssembly (it comes with lib.dom), so type the one function used.
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledWasmModule> } })
  .WebAssembly;

const defaultWasmPath = fileURLToPath(new URL('../build/starlark.wasm', import.meta.url));

interface QueuedJob {
  request: EvaluateRequest;
  resolve: (result: EvaluateResult) => void;
}

/**
 * Starts `size` workers, each booting one wasm instance that it reuses for
 * many evaluations. The module is compiled once here and shared. A worker that
 * times out, crashes or runs out of memory is replaced, so the pool keeps serving.
 */
export async function createStarlarkPool(options: StarlarkPoolOptions = {}): Promise<StarlarkPool> {
  const wasmPath = options.wasmPath ?? defaultWasmPath;
  const wasmModule = await wasmApi.compile(await readFile(wasmPath));
  const pool = new WorkerPool({
    size: options.size ?? 2,
    wasmModule,
    wasmExecPath: join(dirname(wasmPath), 'wasm_exec.js'),
    workerHeapMb: options.workerHeapMb ?? 512,
    stackSizeMb: options.stackSizeMb ?? 256,
    recycleAboveBytes: (options.recycleAboveMb ?? 512) * 1024 * 1024,
  });
  await pool.start();
  return pool;
}

interface WorkerPoolConfig {
  size: number;
  wasmModule: CompiledWasmModule;
  wasmExecPath: string;
  workerHeapMb: number;
  stackSizeMb: number;
  recycleAboveBytes: number;
}

class WorkerPool implements StarlarkPool {
  private readonly workers = new Set<StarlarkWorker>();
  private readonly idle: StarlarkWorker[] = [];
  private readonly queue: QueuedJob[] = [];
  private closed = false;

  constructor(private readonly config: WorkerPoolConfig) {}

  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.config.size }, () => this.spawn()));
  }

  evaluate(request: EvaluateRequest): Promise<EvaluateResult> {
    if (this.closed) return Promise.reject(new Error('the Starlark pool is closed'));
    try {
      checkSize(request, request.filename, request.source);
    } catch (error) {
      if (error instanceof FileSizeError) return Promise.resolve(failure('file-size', error.message, request.filename));
      throw error;
    }
    return new Promise((resolve) => {
      this.queue.push({ request, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.resolve(failure('crash', 'the Starlark pool was closed', job.request.filename));
    await Promise.all([...this.workers].map((worker) => worker.terminate()));
    this.workers.clear();
  }

  private async spawn(): Promise<void> {
    const worker = new StarlarkWorker({
      wasmModule: this.config.wasmModule,
      wasmExecPath: this.config.wasmExecPath,
      workerHeapMb: this.config.workerHeapMb,
      stackSizeMb: this.config.stackSizeMb,
      recycleAboveBytes: this.config.recycleAboveBytes,
      onIdle: (w) => this.markIdle(w),
      onRetired: (w) => this.replace(w),
    });
    this.workers.add(worker);
    await worker.ready;
    this.markIdle(worker);
  }

  private markIdle(worker: StarlarkWorker): void {
    if (!this.workers.has(worker) || this.closed) return;
    this.idle.push(worker);
    this.dispatch();
  }

  private replace(worker: StarlarkWorker): void {
    this.workers.delete(worker);
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    if (this.closed) return;
    // A replacement that fails to boot would fail again; surface it on the queued jobs.
    this.spawn().catch((error: unknown) => {
      for (const job of this.queue.splice(0))
        job.resolve(failure('crash', `cannot start a worker: ${String(error)}`, job.request.filename));
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift();
      const job = this.queue.shift();
      if (!worker || !job) return;
      void worker.evaluate(job.request).then(job.resolve);
    }
  }
}
