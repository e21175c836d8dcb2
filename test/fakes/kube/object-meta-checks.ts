import type { KubeObject } from './store';
import type { StatusCause } from './status';

/** The generic ObjectMeta validation every API server applies (k8s.io/apimachinery validation). */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

function invalid(field: string, message: string): StatusCause {
  return { reason: 'FieldValueInvalid', message, field };
}

function checkKey(field: string, key: string): StatusCause[] {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const problems: StatusCause[] = [];
  if (slash >= 0 && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    problems.push(invalid(field, `Invalid value: "${key}": prefix part must be a DNS-1123 subdomain`));
  }
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
    problems.push(
      invalid(field, `Invalid value: "${key}": name part must be a valid qualified name of at most 63 characters`),
    );
  }
  return problems;
}

export function checkObjectMeta(object: KubeObject): StatusCause[] {
  const { name, labels, annotations } = object.metadata;
  const problems: StatusCause[] = [];
  if (!name)
    problems.push({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    });
  else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    problems.push(
      invalid(
        'metadata.name',
        `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      ),
    );
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    problems.push(...checkKey('metadata.labels', key));
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      problems.push(
        invalid(
          'metadata.labels',
          `Invalid value: "${String(value)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, at most 63 characters`,
        ),
      );
    }
  }
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    problems.push(...checkKey('metadata.annotations', key));
    annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT) {
    problems.push({
      reason: 'FieldValueTooLong',
      message: `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`,
      field: 'metadata.annotations',
    });
  }
  return problems;
}
