/**
 * Kubernetes label selector grammar (k8s.io/apimachinery/pkg/labels): `k=v`, `k==v`, `k!=v`,
 * `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by commas. Anything else is a 400, as on a real API server.
 */
export type LabelRequirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

export class SelectorParseError extends Error {}

/** Splits on commas that are not inside an `in (...)` value list. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const setPattern = /^([^\s!=,()]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const equalityPattern = /^([^\s!=,()]+)\s*(==|=|!=)\s*([^\s!=,()]*)$/;
const existsPattern = /^(!?)([^\s!=,()]+)$/;

export function parseLabelSelector(selector: string | null | undefined): LabelRequirement[] {
  if (!selector) return [];
  return splitTopLevel(selector).map((part) => {
    const set = setPattern.exec(part);
    if (set) {
      const values = set[3]!.split(',').map((v) => v.trim());
      return { op: set[2] as 'in' | 'notin', key: set[1]!, values };
    }
    const equality = equalityPattern.exec(part);
    if (equality) {
      return { op: equality[2] === '!=' ? 'neq' : 'eq', key: equality[1]!, value: equality[3]! };
    }
    const exists = existsPattern.exec(part);
    if (exists) return { op: exists[1] === '!' ? 'notexists' : 'exists', key: exists[2]! };
    throw new SelectorParseError(`unable to parse requirement: ${JSON.stringify(part)}`);
  });
}

export function matchesLabels(requirements: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const actual = labels ?? {};
  return requirements.every((req) => {
    const has = Object.hasOwn(actual, req.key);
    const value = actual[req.key];
    switch (req.op) {
      case 'eq':
        return has && value === req.value;
      case 'neq':
        return !has || value !== req.value;
      case 'in':
        return has && req.values.includes(value!);
      case 'notin':
        return !has || !req.values.includes(value!);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  });
}

/** Only `metadata.name` and `metadata.namespace` field selectors, `=`/`==`/`!=`, which is all kube-ci uses. */
export function parseFieldSelector(
  selector: string | null | undefined,
): (obj: { metadata?: Record<string, unknown> }) => boolean {
  if (!selector) return () => true;
  const checks = splitTopLevel(selector).map((part) => {
    const m = /^(metadata\.name|metadata\.namespace)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw new SelectorParseError(`field label not supported: ${part}`);
    const field = m[1] === 'metadata.name' ? 'name' : 'namespace';
    const negate = m[2] === '!=';
    const expected = m[3]!.trim();
    return (obj: { metadata?: Record<string, unknown> }) => (obj.metadata?.[field] === expected) !== negate;
  });
  return (obj) => checks.every((check) => check(obj));
}
