// capWasmMemory writes a maximum into a module's memory section; the WebAssembly engine then refuses
// to grow that memory past it. Checked on a hand-assembled module and on the real engine build.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { capWasmMemory } from '../src/wasm-memory-cap';
import { wasmMemoryCap } from '../src/pool';
import { ensureEngineBuilt, wasmPath } from './support';

interface WasmMemory {
  grow(pages: number): number;
  buffer: ArrayBuffer;
}
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (b: Uint8Array) => object;
      Instance: new (m: object) => { exports: { mem: WasmMemory } };
    };
  }
).WebAssembly;

const PAGE = 64 * 1024;
/** A module with one memory of `limits` (flags, min[, max]) exported as "mem", padded with a custom section. */
function tinyModule(limits: number[]): Uint8Array {
  const memory = [0x01, ...limits];
  const exports = [0x01, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00];
  const custom = [0x01, 0x78, 0xaa, 0xbb]; // name "x", two payload bytes
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...[0x00, custom.length, ...custom],
    ...[0x05, memory.length, ...memory],
    ...[0x07, exports.length, ...exports],
  ]);
}

const instantiate = (bytes: Uint8Array) => new wasm.Instance(new wasm.Module(bytes)).exports.mem;

describe('capWasmMemory', () => {
  it('lets a memory without a maximum grow to the cap and no further', () => {
    const capped = capWasmMemory(tinyModule([0x00, 0x01]), 3 * PAGE + 100);
    expect(capped).toMatchObject({ initialBytes: PAGE, maxBytes: 3 * PAGE });
    const mem = instantiate(capped.bytes);
    expect(mem.grow(2)).toBe(1);
    expect(() => mem.grow(1)).toThrow(RangeError);
    expect(mem.buffer.byteLength).toBe(3 * PAGE);
  });

  it('keeps a smaller maximum the module already has, and writes multi-byte sizes', () => {
    expect(capWasmMemory(tinyModule([0x01, 0x01, 0x02]), 100 * PAGE).maxBytes).toBe(2 * PAGE);
    const big = capWasmMemory(tinyModule([0x00, 0x01]), 300 * PAGE); // 300 pages: a two-byte LEB128
    expect(big.maxBytes).toBe(300 * PAGE);
    expect(() => instantiate(big.bytes).grow(299)).not.toThrow();
  });

  it('refuses what it cannot cap', () => {
    expect(() => capWasmMemory(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), PAGE)).toThrow('bad magic number');
    expect(() => capWasmMemory(tinyModule([0x00, 0x04]), 2 * PAGE)).toThrow(/below the 262144 bytes the module starts/);
    expect(() => capWasmMemory(tinyModule([0x03, 0x01, 0x02]), 2 * PAGE)).toThrow('shared or 64-bit');
    const noMemory = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(() => capWasmMemory(noMemory, PAGE)).toThrow('defines no memory');
  });
});

describe('the engine module', () => {
  beforeAll(() => ensureEngineBuilt());

  it('compiles with the cap the pool derives: static data + 1.5 × the limit + 64 MiB', () => {
    const bytes = readFileSync(wasmPath);
    const initial = capWasmMemory(bytes, 4 * 1024 ** 3).initialBytes;
    const cap = wasmMemoryCap(initial, 256 * 1024 ** 2);
    expect(cap).toBe(initial + (256 + 128 + 64) * 1024 ** 2);
    const capped = capWasmMemory(bytes, cap);
    expect(capped.maxBytes).toBe(cap);
    expect(() => new wasm.Module(capped.bytes)).not.toThrow();
    expect(wasmMemoryCap(initial, 4 * 1024 ** 3)).toBe(4 * 1024 ** 3);
  });
});
