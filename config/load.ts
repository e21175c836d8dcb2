/**
 * loadConfig: defaults → files → environment → flags, validated against config/schema.ts, with every
 * problem reported at once so an operator fixes a deployment in one pass. The only module that reads
 * files and takes the environment; each main.ts calls it once and exits non-zero on problems.
 */
import { readFileSync } from 'node:fs';
import { assembleConfig } from './assemble';
import { tryRead, type ReadFile } from './files';
import { schema, type SettingName, type Values } from './schema';
import { envLayer, fileLayer, flagLayer, type Layer } from './sources';
import type { LoadResult, ProcessRole } from './types';

export interface LoadOptions {
  /** the process environment (pass `process.env` from main.ts; a plain object in tests) */
  env: Record<string, string | undefined>;
  /** default: node:fs readFileSync as UTF-8 */
  readFile?: ReadFile;
  /** command-line arguments after the script name: the original's flags (`-config`, `-orgs`, …) */
  argv?: readonly string[];
  /** which secrets are required: the API needs the webhook secret, the worker the App private key. Default 'all'. */
  role?: ProcessRole;
}

/** Where each setting's value came from, for messages; undefined = built-in default. */
export type Origins = Partial<Record<SettingName, string>>;

export function loadConfig(options: LoadOptions): LoadResult {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const env = envLayer(options.env);
  const flags = flagLayer(options.argv ?? []);
  const problems = [...env.problems, ...flags.problems];
  const warnings = [...flags.warnings];

  // Only the environment and flags can name the files; their problems are reported by the full merge below.
  const configFile = merge([env, flags]);
  const files = readConfigFiles(configFile.values, configFile.origins, readFile);
  problems.push(...files.problems);

  const layers = [...files.layers, env, flags];
  for (const layer of files.layers) problems.push(...layer.problems);
  const merged = merge(layers);
  problems.push(...merged.problems);
  if (merged.origins.extraParameters)
    warnings.push(`${merged.origins.extraParameters}: ignored (the original never used extraParameters either)`);

  const assembled = assembleConfig({
    values: merged.values,
    origins: merged.origins,
    readFile,
    role: options.role ?? 'all',
    sources: files.read,
  });
  problems.push(...assembled.problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: assembled.config, warnings };
}

/** Later layers win. A value that fails validation is reported and replaced by its default so checking goes on. */
function merge(layers: Layer[]): { values: Values; origins: Origins; problems: string[] } {
  const values: Record<string, unknown> = {};
  const origins: Origins = {};
  const problems: string[] = [];
  for (const name of Object.keys(schema) as SettingName[]) {
    const setting = schema[name];
    values[name] = setting.default;
    const raw = layers
      .map((layer) => layer.values[name])
      .filter((v) => v !== undefined)
      .at(-1);
    if (raw === undefined) continue;
    origins[name] = raw.where;
    const parsed = (
      setting.kind as { parse(raw: unknown): { ok: true; value: unknown } | { ok: false; error: string } }
    ).parse(raw.value);
    if (parsed.ok) values[name] = parsed.value;
    else problems.push(`${raw.where}: ${parsed.error}`);
  }
  return { values: values as Values, origins, problems };
}

function readConfigFiles(values: Values, origins: Origins, readFile: ReadFile) {
  const layers: Layer[] = [];
  const problems: string[] = [];
  const read = { configFile: '', temporalConfigFile: '' };
  if (values.configFile !== '') {
    const text = tryRead(readFile, values.configFile);
    if (text.ok) {
      layers.push(fileLayer('kube-ci', values.configFile, text.text));
      read.configFile = values.configFile;
    } else {
      problems.push(
        `${origins.configFile}: cannot read the kube-ci config file ${JSON.stringify(values.configFile)}: ${text.error}`,
      );
    }
  }
  const temporalText = tryRead(readFile, values.temporalConfigFile);
  if (temporalText.ok) {
    layers.push(fileLayer('temporal', values.temporalConfigFile, temporalText.text));
    read.temporalConfigFile = values.temporalConfigFile;
  } else if (origins.temporalConfigFile !== undefined || temporalText.error !== 'ENOENT') {
    // the default path may be absent (built-in defaults apply); a path someone set must exist
    problems.push(
      `${origins.temporalConfigFile ?? 'temporal.yaml'}: cannot read ${JSON.stringify(values.temporalConfigFile)}: ${temporalText.error}`,
    );
  }
  return { layers, problems, read };
}
