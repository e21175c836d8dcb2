import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StarlarkPool, StarlarkPoolOptions } from './types';
import type { CompiledWasmModule } from './worker-handle';
import { capWasmMemory, MAX_WASM_PAGES } from './wasm-memory-cap';
import { WorkerPool } from './worker-pool';

// @types/node does not declare WebAssembly (it comes with lib.dom), so type the one function used.
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledWasmModule> } })
  .WebAssembly;

const defaultWasmPath = fileURLToPath(new URL('../build/starlark.wasm', import.meta.url));
const MiB = 1024 * 1024;

/** The default live-data limit the instances are sized for: the service's default `KUBECI_STARLARK_MAX_MEMORY`. */
export const DEFAULT_POOL_MAX_MEMORY_BYTES = 256 * MiB;

/**
 * The WebAssembly memory cap of an instance whose module starts with `initialBytes` (the Go program's
 * static data plus 1 MB) and whose scripts may keep `maxMemoryBytes` live: the Go runtime needs room
 * beyond the live data for garbage not yet collected, span fragmentation, goroutine stacks and its own
 * metadata, so half the limit plus 64 MiB is added. Garbage counts against the cap until collected: a
 * script that builds one huge value after another (two 200 MB strings under a 256 MiB limit) can reach the
 * cap with less than the limit live, and fails with `memory` too. At most 4 GiB, all a 32-bit memory can have.
 */
export function wasmMemoryCap(initialBytes: number, maxMemoryBytes: number): number {
  return Math.min(MAX_WASM_PAGES * 64 * 1024, initialBytes + maxMemoryBytes + maxMemoryBytes / 2 + 64 * MiB);
}

/**
 * Starts `size` workers, each booting one wasm instance that it reuses for
 * many evaluations. The module is compiled once here, with its memory capped
 * (wasmMemoryCap), and shared. A worker that times out, crashes, runs out of
 * memory or dies is replaced, so the pool keeps serving.
 */
export async function createStarlarkPool(options: StarlarkPoolOptions = {}): Promise<StarlarkPool> {
  const wasmPath = options.wasmPath ?? defaultWasmPath;
  const bytes = await readFile(wasmPath);
  const maxMemoryBytes = options.maxMemoryBytes ?? DEFAULT_POOL_MAX_MEMORY_BYTES;
  const uncapped = capWasmMemory(bytes, MAX_WASM_PAGES * 64 * 1024); // reads the initial size
  const capped = capWasmMemory(bytes, wasmMemoryCap(uncapped.initialBytes, maxMemoryBytes));
  const pool = new WorkerPool({
    size: options.size ?? 2,
    queueTimeoutMs: options.queueTimeoutMs ?? 60_000,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    worker: {
      wasmModule: await wasmApi.compile(capped.bytes),
      wasmExecPath: join(dirname(wasmPath), 'wasm_exec.js'),
      workerHeapMb: options.workerHeapMb ?? 512,
      stackSizeMb: options.stackSizeMb ?? 256,
      recycleAboveBytes: (options.recycleAboveMb ?? 512) * MiB,
      bootTimeoutMs: options.bootTimeoutMs ?? 30_000,
      memory: {
        maxMemoryBytes,
        capBytes: capped.maxBytes,
        // The Go runtime's soft limit: it collects harder near it, so garbage alone never reaches the cap.
        goMemLimitBytes: capped.maxBytes - capped.initialBytes - 4 * MiB,
      },
    },
  });
  await pool.start();
  return pool;
}
