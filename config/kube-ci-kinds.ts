/** Structured values of the kube-ci config file: `tolerations` and `templates` (SPEC B 2.2). */
import { isPlainObject, type Kind, type Parsed } from './kinds';

/** A Kubernetes Toleration as Argo's `spec.tolerations` takes it (camelCase). */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/** A `/kube-ci setup` template: `ci` is a file path on the kube-ci server; `deploy` is unused, as in the original. */
export interface TemplateSpec {
  description: string;
  ci: string;
  deploy: string;
}

const OPERATORS = ['Exists', 'Equal'];
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

function parseToleration(raw: unknown, at: string): Parsed<Toleration> {
  if (!isPlainObject(raw)) return fail(`${at}: must be a map with key, operator, value, effect, tolerationSeconds`);
  const toleration: Toleration = {};
  for (const [field, value] of Object.entries(raw)) {
    switch (field) {
      case 'key':
      case 'value':
        if (typeof value !== 'string') return fail(`${at}.${field}: must be a string`);
        toleration[field] = value;
        break;
      case 'operator':
        if (typeof value !== 'string' || !OPERATORS.includes(value))
          return fail(`${at}.operator: must be one of ${OPERATORS.join(', ')}`);
        toleration.operator = value as Toleration['operator'] & string;
        break;
      case 'effect':
        if (value === '') break; // empty means all effects in Kubernetes
        if (typeof value !== 'string' || !EFFECTS.includes(value))
          return fail(`${at}.effect: must be one of ${EFFECTS.join(', ')}`);
        toleration.effect = value as Toleration['effect'] & string;
        break;
      // the original read tolerations with yaml.v2, which only understood the lowercase spelling
      case 'tolerationSeconds':
      case 'tolerationseconds':
        if (typeof value !== 'number' || !Number.isSafeInteger(value))
          return fail(`${at}.${field}: must be an integer`);
        toleration.tolerationSeconds = value;
        break;
      default:
        return fail(
          `${at}.${field}: unknown toleration field (known: key, operator, value, effect, tolerationSeconds)`,
        );
    }
  }
  return { ok: true, value: toleration };
}

export const tolerations: Kind<Toleration[]> = {
  label: 'list of Kubernetes tolerations',
  parse(raw) {
    if (raw === null) return { ok: true, value: [] };
    if (!Array.isArray(raw)) return fail('must be a list of tolerations');
    const out: Toleration[] = [];
    for (const [index, item] of raw.entries()) {
      const parsed = parseToleration(item, `[${index}]`);
      if (!parsed.ok) return parsed;
      out.push(parsed.value);
    }
    return { ok: true, value: out };
  },
};

export const templates: Kind<Record<string, TemplateSpec>> = {
  label: 'map of name → {description, ci, deploy}',
  parse(raw) {
    if (raw === null) return { ok: true, value: {} };
    if (!isPlainObject(raw)) return fail('must be a map of template name → {description, ci, deploy}');
    const out: Record<string, TemplateSpec> = {};
    for (const [name, spec] of Object.entries(raw)) {
      if (!isPlainObject(spec)) return fail(`${name}: must be a map with description, ci, deploy`);
      const template: TemplateSpec = { description: '', ci: '', deploy: '' };
      for (const [field, value] of Object.entries(spec)) {
        if (field !== 'description' && field !== 'ci' && field !== 'deploy')
          return fail(`${name}.${field}: unknown template field (known: description, ci, deploy)`);
        if (typeof value !== 'string') return fail(`${name}.${field}: must be a string`);
        template[field] = value;
      }
      out[name] = template;
    }
    return { ok: true, value: out };
  },
};
