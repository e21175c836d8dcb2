// Measurement: peak resident memory of this process (the pool's worker threads live in it) while one
// worker evaluates a memory bomb, with the evaluation's result and duration. Run:
//   npx tsx starlark-wasm/bench/memory-bomb.ts [maxMemoryMiB]
// Each bomb runs on a fresh pool of one worker, so one bomb's grown wasm memory never counts for the next.
import { createStarlarkPool, type EvaluateResult } from '../src/index';

const maxMemoryBytes = Number(process.argv[2] ?? 256) * 1024 * 1024;

const bombs: Record<string, string> = {
  '"x" * 1e9 (one step)': 'x = "x" * 1000000000\n',
  'list doubling': 'def f():\n    x = [1]\n    for i in range(40):\n        x = x + x\n    return x\ny = f()\n',
  'comprehension bomb': 'x = [[i] * 1000 for i in range(10000000)]\n',
};

const mib = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MiB`;

async function measure(source: string): Promise<{ result: EvaluateResult; ms: number; peakRss: number }> {
  const pool = await createStarlarkPool({ size: 1, maxMemoryBytes });
  try {
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
    const started = performance.now();
    const result = await pool.evaluate({
      filename: 'bomb.star',
      source,
      limits: { maxSteps: 1e12, timeoutMs: 60_000, maxMemoryBytes },
    });
    const ms = performance.now() - started;
    clearInterval(sampler);
    return { result, ms, peakRss: Math.max(peakRss, process.memoryUsage.rss()) };
  } finally {
    await pool.close();
  }
}

console.log(`maxMemoryBytes ${mib(maxMemoryBytes)}; idle process RSS ${mib(process.memoryUsage.rss())}`);
for (const [name, source] of Object.entries(bombs)) {
  const { result, ms, peakRss } = await measure(source);
  const outcome = result.ok ? 'ok' : `${result.error.kind}: ${result.error.message.slice(0, 140)}`;
  console.log(`${name}: peak RSS ${mib(peakRss)}, ${Math.round(ms)} ms, ${outcome}`);
}
