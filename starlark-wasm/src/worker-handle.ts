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
  | { type: 'result'; responseJSON: string; wasmMemoryBytes: number }
  | ({ type: 'host-call' } & HostCall)
  | { type: 'exited'; code: number; output: string };

/** A compiled WebAssembly.Module, opaque here (@types/node does not declare the WebAssembly namespace). */
export type CompiledWasmModule = object;

/** How an instance's memory is bounded (see pool.ts wasmMemoryCap). */
export interface WorkerMemory {
  /** the live-data limit the cap was derived from, for messages */
  maxMemoryBytes: number;
  /** the maximum written into the module's memory section */
  capBytes: number;
  /** GOMEMLIMIT of the Go runtime inside */
  goMemLimitBytes: number;
}

export interface WorkerOptions {
  wasmModule: CompiledWasmModule;
  wasmExecPath: string;
  workerHeapMb: number;
  stackSizeMb: number;
  recycleAboveBytes: number;
  bootTimeoutMs: number;
  memory: WorkerMemory;
}

export interface WorkerSetup extends WorkerOptions {
  /** Called when this worker finished a job and can take another. */
  onIdle: (worker: StarlarkWorker) => void;
  /** Called once when a worker that had booted can no longer be used, so the pool can replace it. */
  onRetired: (worker: StarlarkWorker, reason: string) => void;
}

const mib = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MiB`;

/**
 * One worker thread with one warm wasm instance, running one evaluation at a
 * time. It retires itself after any failure that may leave the instance in a
 * bad state (timeout, crash, memory): js/wasm cannot interrupt a busy
 * goroutine, and wasm memory never shrinks, so the only reset is a new worker.
 * A worker that fails to boot rejects `ready` and is never reported retired.
 */
export class StarlarkWorker {
  readonly ready: Promise<void>;
  readonly thread: Worker;
  /** kept: Worker.threadId reads -1 once the thread has exited */
  readonly threadId: number;
  private job: ActiveJob | undefined;
  private booted = false;
  private retired = false;
  private threadError: (Error & { code?: string }) | undefined;
  private bootSettled: (error?: Error) => void = () => {};

  constructor(private readonly setup: WorkerSetup) {
    this.thread = new Worker(new URL('./worker.mjs', import.meta.url), {
      workerData: {
        wasmModule: setup.wasmModule,
        wasmExecPath: setup.wasmExecPath,
        goMemLimitBytes: setup.memory.goMemLimitBytes,
      },
      resourceLimits: { maxOldGenerationSizeMb: setup.workerHeapMb, stackSizeMb: setup.stackSizeMb },
    });
    this.threadId = this.thread.threadId;
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the worker did not boot within ${setup.bootTimeoutMs} ms`));
        this.retire('boot timeout');
      }, setup.bootTimeoutMs);
      this.bootSettled = (error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
    });
    this.thread.on('message', (message: WorkerMessage) => this.onMessage(message));
    // An uncaught error is followed by 'exit'; the verdict waits for it, because messages the worker
    // posted before it died (such as 'exited' after Go ran out of memory) are delivered before 'exit'.
    this.thread.on('error', (error: Error & { code?: string }) => (this.threadError ??= error));
    this.thread.on('exit', (code) => this.onExit(code));
  }

  evaluate(request: EvaluateRequest): Promise<EvaluateResult> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const message = `evaluation exceeded its wall-clock limit of ${request.limits.timeoutMs} ms`;
        this.finish(failure('timeout', message, request.filename), 'timeout');
      }, request.limits.timeoutMs);
      this.job = { request, resolve, timer };
      let requestJSON: string;
      try {
        requestJSON = JSON.stringify(toEngineRequest(request));
      } catch (error) {
        // a BigInt or a cycle in `predeclared`: not JSON, so the engine could not read it; the worker stays
        const message = `cannot encode the request: ${error instanceof Error ? error.message : String(error)}`;
        return this.finish(failure('crash', message, request.filename), undefined);
      }
      this.thread.postMessage({ type: 'evaluate', requestJSON, source: request.source });
    });
  }

  /** Stops the thread; a running evaluation ends as `unavailable`. */
  async terminate(): Promise<void> {
    this.retired = true;
    const file = this.job?.request.filename ?? '';
    this.finish(failure('unavailable', 'the Starlark pool was closed during the evaluation', file), 'closed');
    await this.thread.terminate();
  }

  private onMessage(message: WorkerMessage): void {
    const job = this.job;
    switch (message.type) {
      case 'ready':
        this.booted = true;
        return this.bootSettled();
      case 'result': {
        // Wasm memory never shrinks: after a memory failure or a large evaluation, start afresh.
        const result = fromEngineResponse(JSON.parse(message.responseJSON) as EngineResponse);
        if (!result.ok && result.error.kind === 'memory') return this.finish(result, 'memory');
        const grown = message.wasmMemoryBytes > this.setup.recycleAboveBytes;
        return this.finish(result, grown ? `wasm memory grew to ${mib(message.wasmMemoryBytes)}` : undefined);
      }
      case 'host-call':
        if (job) void answerHostCall(job.request, message).then((reply) => this.thread.postMessage(reply));
        return;
      case 'exited':
        return this.finish(this.goStopped(message.output, job?.request.filename ?? ''), 'the Go runtime stopped');
    }
  }

  private goStopped(output: string, file: string): EvaluateResult {
    if (/out of memory/i.test(output)) {
      const { capBytes, maxMemoryBytes } = this.setup.memory;
      // Go's traceback names the stack copy when a growing call stack was what no longer fit.
      const what = /copystack|morestack/.test(output)
        ? 'the call stack outgrew the engine’s memory (a function recursing without end?)'
        : 'the engine’s memory was used up';
      const message = `memory limit exceeded: ${what}; its cap is ${mib(capBytes)}, the ${mib(maxMemoryBytes)} limit plus headroom for the Go runtime`;
      return failure('memory', message, file);
    }
    return failure('crash', `the Go runtime stopped: ${output.trim().slice(-2000) || 'no output'}`, file);
  }

  private onExit(code: number): void {
    const error = this.threadError;
    if (!this.booted) {
      this.retired = true;
      this.bootSettled(error ?? new Error(`the worker exited with code ${code} while booting`));
      return;
    }
    const kind: ErrorKind = error?.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash';
    const message = error
      ? `${error.name}: ${error.message}${kind === 'memory' ? ` (the worker's JavaScript heap limit is ${this.setup.workerHeapMb} MB)` : ''}`
      : `the worker exited with code ${code}`;
    this.finish(failure(kind, message, this.job?.request.filename ?? ''), message);
  }

  /** Settles the running job, then hands the worker back (`retireReason` undefined) or retires it. */
  private finish(result: EvaluateResult, retireReason: string | undefined): void {
    const job = this.job;
    if (job) {
      clearTimeout(job.timer);
      this.job = undefined;
      job.resolve(result);
    }
    if (retireReason !== undefined) this.retire(retireReason);
    else if (!this.retired) this.setup.onIdle(this);
  }

  private retire(reason: string): void {
    if (this.retired) return;
    this.retired = true;
    void this.thread.terminate();
    if (this.booted) this.setup.onRetired(this, reason);
  }
}
