import jsYaml from 'js-yaml';

const { Type, FAILSAFE_SCHEMA } = jsYaml;
// js-yaml exports its built-in types at run time; @types/js-yaml does not declare them.
const { types } = jsYaml as unknown as {
  types: Record<'null' | 'float' | 'merge' | 'binary' | 'omap' | 'pairs' | 'set', InstanceType<typeof Type>>;
};

/**
 * YAML read the way the original reads `ci.yaml` (Go yaml.v2 via sigs.k8s.io/yaml, YAML 1.1 rules):
 * `0755` is octal (493), `yes`/`on`/`y` are booleans, timestamps stay strings, `<<` merges.
 * A stock YAML 1.2 parser reads some of Argo's own examples differently (file modes) or not at all.
 *
 * Why js-yaml here when the rest of the project uses `yaml`: measured over the 197 Argo examples in
 * ../shared/data/argo, `yaml` (2.9, version 1.1, strict off) refuses 8 that Go's yaml.v2 and js-yaml read
 * (`ci.yaml`, `sidecar.yaml`, …: a multi-line quoted scalar inside a flow sequence whose continuation lines
 * are less indented). `yaml` stays for what js-yaml cannot do: source positions (activities/pipeline-field-line.ts,
 * config/sources.ts) and writing YAML.
 */
const boolean11 = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) =>
    data !== null &&
    /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(data),
  construct: (data: string) => /^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(data),
  predicate: (value: unknown) => typeof value === 'boolean',
  represent: { lowercase: (value: object) => (value ? 'true' : 'false') },
  defaultStyle: 'lowercase',
});

const INT11 = /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|0|[1-9][0-9_]*)$/;

const integer11 = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && INT11.test(data) && Number.isSafeInteger(parseInt11(data)),
  construct: (data: string) => parseInt11(data),
  predicate: (value: unknown) => typeof value === 'number' && Number.isInteger(value),
  represent: { decimal: (value: object) => String(value) },
  defaultStyle: 'decimal',
});

/** Go's strconv.ParseInt(s, 0, 64) after removing '_': a leading 0 means octal. */
function parseInt11(data: string): number {
  const text = data.replace(/_/g, '');
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.replace(/^[-+]/, '');
  if (/^0b/.test(digits)) return sign * parseInt(digits.slice(2), 2);
  if (/^0x/.test(digits)) return sign * parseInt(digits.slice(2), 16);
  if (/^0o/.test(digits)) return sign * parseInt(digits.slice(2), 8);
  if (/^0[0-7]+$/.test(digits)) return sign * parseInt(digits.slice(1), 8);
  return sign * parseInt(digits, 10);
}

export const goYamlSchema = FAILSAFE_SCHEMA.extend({
  implicit: [types.null, boolean11, integer11, types.float, types.merge],
  explicit: [types.binary, types.omap, types.pairs, types.set],
});
