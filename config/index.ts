/** config/: the only place that reads the environment, command line and configuration files. */
export { loadConfig, type LoadOptions } from './load';
export { redactConfig, REDACTED } from './redact';
export { apiConfig, workerConfig, runSettingsFrom, temporalConnection } from './slices';
export type { ApiConfig, WorkerConfig, WorkerStarlarkConfig, TemporalConnectionSettings } from './slices';
export type {
  Config,
  LoadResult,
  ProcessRole,
  KubeCiSettings,
  StarlarkSettings,
  TemporalSettings,
  TemplateSpec,
  Toleration,
} from './types';
export type { ReadFile } from './files';
