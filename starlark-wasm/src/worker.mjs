// Worker entry: boots one Go wasm instance and serves evaluations one at a time.
// Plain JavaScript because worker_threads start a fresh module graph that does
// not pass through the TypeScript loader the parent may be using (tsx, vitest).
//
// Messages in:  { type: 'evaluate', requestJSON, source }   { type: 'host-reply', callId, value?, error? }
// Messages out: { type: 'ready' }  { type: 'result', responseJSON, wasmMemoryBytes }  { type: 'host-call', callId, method, args }
// Request and response cross as JSON text, which the engine reads and writes anyway: copying one string
// between threads is cheaper than cloning the object tree it encodes. The entry source is a string of
// its own, so the engine need not unquote it from JSON.
//               { type: 'exited', code, output }  (the Go program stopped: out of memory, fatal error)
// workerData: { wasmModule (compiled, memory capped), wasmExecPath, goMemLimitBytes (GOMEMLIMIT) }
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { wasmModule, wasmExecPath, goMemLimitBytes } = workerData;
const decoder = new TextDecoder();
// The Go runtime's output on a fatal error: its first lines say what happened ("fatal error: out of
// memory"), goroutine dumps follow. Keep the head and the tail.
const OUTPUT_HEAD = 4096;
const OUTPUT_TAIL = 4096;
let goOutputHead = '';
let goOutputTail = '';
const goOutput = () => (goOutputTail ? `${goOutputHead}\n…\n${goOutputTail}` : goOutputHead);

await import(pathToFileURL(wasmExecPath).href); // defines globalThis.Go and a minimal globalThis.fs
// Keep the Go runtime's own output (fatal errors, panics) to explain a crash, rather than printing it.
globalThis.fs.writeSync = (_fd, buf) => {
  const text = decoder.decode(buf);
  if (goOutputHead.length < OUTPUT_HEAD && !goOutputTail) goOutputHead += text;
  else goOutputTail = (goOutputTail + text).slice(-OUTPUT_TAIL);
  return buf.length;
};

let nextCallId = 0;
const pendingHostCalls = new Map();

function callHost(method, args) {
  const callId = nextCallId++;
  return new Promise((resolve, reject) => {
    pendingHostCalls.set(callId, { resolve, reject });
    parentPort.postMessage({ type: 'host-call', callId, method, args });
  });
}

// The object the Go side calls; every method returns a Promise (see cmd/engine/host.go).
const host = {
  load: (module, fromModule) => callHost('load', [module, fromModule]),
  loadAll: (modules, fromModule) => callHost('loadAll', [modules, fromModule]),
  loadFile: (name, fromModule) => callHost('loadFile', [name, fromModule]),
};

const go = new globalThis.Go();
if (goMemLimitBytes) go.env = { GOMEMLIMIT: String(goMemLimitBytes) };
// Called inside runtime.wasmExit, before wasm_exec.js's own bookkeeping can throw on the dead instance,
// so the parent learns why Go stopped before it learns that the thread died.
go.exit = (code) => parentPort.postMessage({ type: 'exited', code, output: goOutput() });
const ready = new Promise((resolve) => {
  globalThis.starlarkReady = resolve;
});
const instance = await WebAssembly.instantiate(wasmModule, go.importObject);
void go.run(instance);
await ready;

parentPort.on('message', async (message) => {
  if (message.type === 'host-reply') {
    const pending = pendingHostCalls.get(message.callId);
    pendingHostCalls.delete(message.callId);
    if (message.error) pending?.reject(message.error);
    else pending?.resolve(message.value);
    return;
  }
  if (message.type === 'evaluate') {
    const responseJSON = await globalThis.starlarkEvaluate(message.requestJSON, host, message.source);
    const wasmMemoryBytes = instance.exports.mem.buffer.byteLength;
    parentPort.postMessage({ type: 'result', responseJSON, wasmMemoryBytes });
  }
});
parentPort.postMessage({ type: 'ready' });
