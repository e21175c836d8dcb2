import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

let runtimeInstalled = false;

/**
 * Tests and benchmarks stop and kill servers on purpose: keep the SDK's retry warnings out of their output.
 * The Runtime is per process and can be installed once, before the first worker.
 */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
}

/** The workflow bundler's logger: errors only. */
export const silentBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string, meta?: unknown) => process.stderr.write(`bundler: ${message} ${JSON.stringify(meta)}\n`),
  log: () => undefined,
};
