/**
 * The raw layers of configuration: one YAML file, the environment, the command line. Each layer maps
 * setting names to raw values with a `where` label (file path + key, env var, or flag) that every
 * problem message starts with.
 */
import { parseDocument } from 'yaml';
import { isPlainObject } from './kinds';
import { schema, type ConfigFile, type SettingName } from './schema';

export interface RawValue {
  value: unknown;
  /** e.g. `/etc/kube-ci/config.yaml: buildBranches`, `KUBECI_API_PORT`, `flag -orgs` */
  where: string;
}

export interface Layer {
  values: Partial<Record<SettingName, RawValue>>;
  problems: string[];
  warnings: string[];
}

const names = Object.keys(schema) as SettingName[];

/** Flags of the original that this service does not support: accepted so old manifests still start. */
const RETIRED_FLAGS: Record<string, string> = {
  'slack.tokenfile':
    'no Slack token is needed (replies go to the response_url); -slack.secretfile enables Slack commands',
};

export function fileLayer(file: ConfigFile, path: string, text: string): Layer {
  const layer: Layer = { values: {}, problems: [], warnings: [] };
  // The original read its config with yaml.v2 (YAML 1.1: `yes`/`on` are booleans); keep files meaning the same.
  const doc = parseDocument(text, file === 'kube-ci' ? { version: '1.1' } : {});
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const at = error.linePos?.[0];
      layer.problems.push(
        `${path}: YAML parse error${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${error.message.split('\n')[0]}`,
      );
    }
    return layer;
  }
  const root: unknown = doc.toJS();
  if (root === null || root === undefined) return layer;
  if (!isPlainObject(root)) {
    layer.problems.push(`${path}: must be a YAML map of settings`);
    return layer;
  }
  const byKey = new Map(
    names.flatMap((name) => (schema[name].file?.in === file ? [[schema[name].file!.key, name] as const] : [])),
  );
  walk(root, '', byKey, path, layer);
  return layer;
}

function walk(
  map: Record<string, unknown>,
  prefix: string,
  byKey: Map<string, SettingName>,
  path: string,
  layer: Layer,
): void {
  for (const [key, value] of Object.entries(map)) {
    const dotted = prefix + key;
    const name = byKey.get(dotted);
    if (name !== undefined) {
      layer.values[name] = { value, where: `${path}: ${dotted}` };
      continue;
    }
    const isSection = [...byKey.keys()].some((known) => known.startsWith(`${dotted}.`));
    if (!isSection) {
      layer.problems.push(`${path}: ${dotted}: unknown key${suggestion(dotted, [...byKey.keys()])}`);
    } else if (isPlainObject(value)) {
      walk(value, `${dotted}.`, byKey, path, layer);
    } else if (value !== null) {
      layer.problems.push(`${path}: ${dotted}: must be a map`);
    }
  }
}

/** Typo protection: point at the known key nearest to an unknown one (case-insensitive, at most 2 edits). */
function suggestion(key: string, known: string[]): string {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best ? ` (did you mean ${best.key}?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Environment variables; an empty variable counts as unset (container specs often pass empty values). */
export function envLayer(env: Record<string, string | undefined>): Layer {
  const layer: Layer = { values: {}, problems: [], warnings: [] };
  for (const name of names) {
    const variable = schema[name].env;
    const value = variable === undefined ? undefined : env[variable];
    if (variable !== undefined && value !== undefined && value !== '') layer.values[name] = { value, where: variable };
  }
  return layer;
}

/** Go `flag` syntax as the original took it: `-name value`, `-name=value`, and the `--` spellings. */
export function flagLayer(argv: readonly string[]): Layer {
  const layer: Layer = { values: {}, problems: [], warnings: [] };
  const byFlag = new Map(names.flatMap((name) => (schema[name].flag ? [[schema[name].flag!, name] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    const match = /^--?([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      layer.problems.push(`command line: unexpected argument ${JSON.stringify(arg)}`);
      continue;
    }
    const flag = match[1]!;
    let value = match[2];
    if (value === undefined) {
      value = argv[i + 1];
      i += 1;
    }
    const name = byFlag.get(flag);
    if (name === undefined && flag in RETIRED_FLAGS) {
      layer.warnings.push(`flag -${flag} ignored: ${RETIRED_FLAGS[flag]}`);
    } else if (name === undefined) {
      layer.problems.push(`flag -${flag}: unknown flag`);
    } else if (value === undefined) {
      layer.problems.push(`flag -${flag}: needs a value`);
    } else {
      layer.values[name] = { value, where: `flag -${flag}` };
    }
  }
  return layer;
}
