import { Worker } from 'node:worker_threads';
import type { EvaluateRequest, EvaluateResult, ErrorKind } from './types';
import { failure, fromEngineResponse, toEngineRequest, type EngineResponse } from './engine-request';
import { answerHostCall, type HostCall } from './host-calls';

interface ActiveJob {
  request: EvaluateRequest;
  resolve: (result: EvaluateResult) => void;
  timer: NodeJS.Timeout;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; response: EngineResponse; wasmMemoryBytes: number }
  | ({ type: 'host-call' } & HostCall)
  | { type: 'exited'; output: string };

/** A compiled WebAssembly.Module, opaque here (@types/node does not declare the WebAssembly namespace). */
export type CompiledWasmModule = object;

export interface WorkerSetup {
  wasmModule: CompiledWasmModule;
  wasmExecPath: string;
  workerHeapMb: number;
  stackSizeMb: number;
  recycleAboveBytes: number;
  /** Called when this worker finished a job and can take another. */
  onIdle: (worker: StarlarkWorker) => void;
  /** Called once when this worker can no longer be used, so the pool can replace it. */
  onRetired: (worker: StarlarkWorker) => void;
}

/**
 * One worker thread with one warm wasm instance, running one evaluation at a
 * time. It retires itself after any failure that may leave the instance in a
 * bad state (timeout, crash, memory): js/wasm cannot interrupt a busy
 * goroutine, and wasm memory never shrinks, so the only reset is a new worker.
 */
export class StarlarkWorker {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private job: ActiveJob | undefined;
  private retired = false;

  constructor(private readonly setup: WorkerSetup) {
    this.worker = new Worker(new URL('./worker.mjs', import.meta.url), {
      workerData: { wasmModule: setup.wasmModule, wasmExecPath: setup.wasmExecPath },
      resourceLimits: { maxOldGenerationSizeMb: setup.workerHeapMb, stackSizeMb: setup.stackSizeMb },
    });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', (message: WorkerMessage) =>
        message.type === 'ready' ? resolve() : reject(new Error(`worker failed to boot: ${message.type}`)),
      );
      this.worker.once('error', reject);
    });
    this.worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    this.worker.on('error', (error: Error & { code?: string }) => {
      const kind: ErrorKind = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash';
      this.finish(failure(kind, `${error.name}: ${error.message}`, this.job?.request.filename ?? ''), true);
    });
    this.worker.on('exit', (code) => {
      this.finish(failure('crash', `worker exited with code ${code}`, this.job?.request.filename ?? ''), true);
    });
  }

  get busy(): boolean {
    return this.job !== undefined;
  }

  evaluate(request: EvaluateRequest): Promise<EvaluateResult> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const message = `evaluation exceeded its wall-clock limit of ${request.limits.timeoutMs} ms`;
        this.finish(failure('timeout', message, request.filename), true);
      }, request.limits.timeoutMs);
      this.job = { request, resolve, timer };
      this.worker.postMessage({ type: 'evaluate', request: toEngineRequest(request) });
    });
  }

  async terminate(): Promise<void> {
    this.retired = true;
    await this.worker.terminate();
  }

  private onMessage(message: WorkerMessage): void {
    const job = this.job;
    switch (message.type) {
      case 'ready':
        return;
      case 'result': {
        // Wasm memory never shrinks: after a memory failure or a large evaluation, start afresh.
        const result = fromEngineResponse(message.response);
        const memoryFailure = !result.ok && result.error.kind === 'memory';
        this.finish(result, memoryFailure || message.wasmMemoryBytes > this.setup.recycleAboveBytes);
        return;
      }
      case 'host-call':
        if (job) void answerHostCall(job.request, message).then((reply) => this.worker.postMessage(reply));
        return;
      case 'exited': {
        const outOfMemory = /out of memory/i.test(message.output);
        const text = `the Go runtime stopped: ${message.output.trim().slice(-2000) || 'no output'}`;
        this.finish(failure(outOfMemory ? 'memory' : 'crash', text, job?.request.filename ?? ''), true);
        return;
      }
    }
  }

  private finish(result: EvaluateResult, discardInstance: boolean): void {
    const job = this.job;
    if (job) {
      clearTimeout(job.timer);
      this.job = undefined;
      job.resolve(result);
    }
    if (discardInstance) {
      this.retire();
      void this.worker.terminate();
    } else if (!this.retired) {
      this.setup.onIdle(this);
    }
  }

  private retire(): void {
    if (this.retired) return;
    this.retired = true;
    this.setup.onRetired(this);
  }
}
