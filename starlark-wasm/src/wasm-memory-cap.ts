/**
 * Gives a WebAssembly module's own linear memory a maximum, by rewriting the limits of its memory section
 * before the bytes are compiled. Go's linker writes that memory with no maximum
 * (`cmd/link/internal/wasm/asm.go writeMemorySec`), so without this a script can grow it until the process
 * suffers; with it `memory.grow` fails past the cap, the Go runtime's `sbrk` returns nil and Go stops with
 * "fatal error: out of memory" (runtime/mem_wasm.go), which the worker reports as kind `memory`.
 *
 * Hand-written rather than a wasm library: only one section's limits change, and walking the section
 * headers is a few lines, where a full decoder (e.g. @webassemblyjs) would parse the whole 7 MB module
 * and must know every opcode Go emits.
 */

const WASM_PAGE_BYTES = 64 * 1024;
/** The most a 32-bit memory can have: 4 GiB. */
export const MAX_WASM_PAGES = 65_536;
const MEMORY_SECTION = 5;

export interface CappedModule {
  /** the module bytes with the memory's maximum set */
  bytes: Uint8Array;
  /** the memory's initial size (the Go program's static data plus 1 MB) */
  initialBytes: number;
  /** the maximum now written in the module */
  maxBytes: number;
}

/** Sets the maximum of the module's memory to `maxBytes` (rounded down to whole 64 KiB pages). */
export function capWasmMemory(module: Uint8Array, maxBytes: number): CappedModule {
  if (module.length < 8 || readU32(module, 0) !== 0x6d736100)
    throw new Error('not a WebAssembly module (bad magic number)');
  const maxPages = Math.min(MAX_WASM_PAGES, Math.floor(maxBytes / WASM_PAGE_BYTES));
  let offset = 8;
  while (offset < module.length) {
    const id = module[offset]!;
    const size = readUleb(module, offset + 1);
    const contentStart = offset + 1 + size.length;
    if (id === MEMORY_SECTION) return rewriteLimits(module, offset, contentStart, size.value, maxPages);
    offset = contentStart + size.value;
  }
  throw new Error('the WebAssembly module defines no memory of its own');
}

function rewriteLimits(
  module: Uint8Array,
  sectionStart: number,
  contentStart: number,
  contentLength: number,
  maxPages: number,
): CappedModule {
  const count = readUleb(module, contentStart);
  if (count.value !== 1) throw new Error(`expected one memory, the module has ${count.value}`);
  let at = contentStart + count.length;
  const flags = module[at++]!;
  if (flags !== 0 && flags !== 1) throw new Error(`unsupported memory limits (flags ${flags}: shared or 64-bit)`);
  const min = readUleb(module, at);
  at += min.length;
  const existingMax = flags === 1 ? readUleb(module, at) : undefined;
  at += existingMax?.length ?? 0;
  const pages = Math.min(maxPages, existingMax?.value ?? MAX_WASM_PAGES);
  if (pages < min.value)
    throw new Error(
      `a memory cap of ${pages * WASM_PAGE_BYTES} bytes is below the ${min.value * WASM_PAGE_BYTES} bytes the module starts with`,
    );
  const content = [...writeUleb(1), 1, ...writeUleb(min.value), ...writeUleb(pages)];
  const rest = module.subarray(at, contentStart + contentLength); // nothing follows one memory, but keep it
  const section = [MEMORY_SECTION, ...writeUleb(content.length + rest.length), ...content];
  const bytes = new Uint8Array(
    module.length - (contentStart + contentLength - sectionStart) + section.length + rest.length,
  );
  bytes.set(module.subarray(0, sectionStart), 0);
  bytes.set(section, sectionStart);
  bytes.set(rest, sectionStart + section.length);
  bytes.set(module.subarray(contentStart + contentLength), sectionStart + section.length + rest.length);
  return { bytes, initialBytes: min.value * WASM_PAGE_BYTES, maxBytes: pages * WASM_PAGE_BYTES };
}

function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** An unsigned LEB128 of at most 32 bits, and how many bytes it took. */
function readUleb(bytes: Uint8Array, at: number): { value: number; length: number } {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = bytes[at + i];
    if (byte === undefined) throw new Error('truncated WebAssembly module');
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, length: i + 1 };
  }
  throw new Error('malformed LEB128 number in the WebAssembly module');
}

function writeUleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}
