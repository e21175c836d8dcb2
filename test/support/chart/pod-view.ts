/**
 * What a container of a rendered Deployment would see, as the kubelet would set it up: its environment
 * (`value`, `valueFrom.secretKeyRef`, `valueFrom.configMapKeyRef`) and the files of its mounted ConfigMap and
 * Secret volumes (with `items`). The chart tests hand both to kube-ci's own loadConfig, so "the chart works"
 * means "kube-ci accepts what the chart gives it", not a string match on templates. No library does this
 * (it is the kubelet's job); it covers the volume and env sources the chart uses and throws on any other.
 */
import type { Manifest } from './helm';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}
interface Volume {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[] };
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  emptyDir?: object;
}
export interface Container {
  name: string;
  command?: string[];
  env?: EnvVar[];
  volumeMounts?: { name: string; mountPath: string }[];
  [key: string]: unknown;
}
export interface PodSpec {
  containers: Container[];
  volumes?: Volume[];
  [key: string]: unknown;
}

/** Secret data (plain text, not base64) by Secret name: what the operator created, or the chart rendered. */
export type Secrets = Record<string, Record<string, string>>;

export interface ContainerView {
  env: Record<string, string>;
  /** path → file contents */
  files: Map<string, string>;
}

/** The pod spec of the Deployment named `name`. */
export function podSpecOf(manifests: Manifest[], name: string): PodSpec {
  const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name);
  if (!deployment) throw new Error(`no Deployment ${name} rendered`);
  return (deployment as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
}

/** Secrets the chart itself rendered, decoded, merged over `given`. */
export function secretsOf(manifests: Manifest[], given: Secrets = {}): Secrets {
  const secrets: Secrets = { ...given };
  for (const m of manifests.filter((doc) => doc.kind === 'Secret')) {
    const data = (m as unknown as { data?: Record<string, string> }).data ?? {};
    secrets[m.metadata.name] = Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    );
  }
  return secrets;
}

export function containerView(manifests: Manifest[], pod: PodSpec, secrets: Secrets): ContainerView {
  const container = pod.containers[0]!;
  const configMaps = Object.fromEntries(
    manifests
      .filter((m) => m.kind === 'ConfigMap')
      .map((m) => [m.metadata.name, (m as unknown as { data: Record<string, string> }).data]),
  );
  const source = (kind: 'secret' | 'configMap', name: string): Record<string, string> => {
    const data = kind === 'secret' ? secrets[name] : configMaps[name];
    if (!data) throw new Error(`${kind} ${name} is neither rendered nor given`);
    return data;
  };
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (from?.secretKeyRef) env[variable.name] = key(source('secret', from.secretKeyRef.name), from.secretKeyRef.key);
    else if (from?.configMapKeyRef)
      env[variable.name] = key(source('configMap', from.configMapKeyRef.name), from.configMapKeyRef.key);
    else if (from) throw new Error(`env ${variable.name}: unsupported valueFrom ${JSON.stringify(from)}`);
    else env[variable.name] = variable.value ?? '';
  }
  const files = new Map<string, string>();
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.volumes?.find((v) => v.name === mount.name);
    if (!volume) throw new Error(`volumeMount ${mount.name} has no volume`);
    if (volume.emptyDir) continue;
    const spec = volume.secret ?? volume.configMap;
    const data = volume.secret
      ? source('secret', volume.secret.secretName)
      : volume.configMap
        ? source('configMap', volume.configMap.name)
        : undefined;
    if (!spec || !data) throw new Error(`volume ${volume.name}: unsupported source`);
    const items = spec.items ?? Object.keys(data).map((k) => ({ key: k, path: k }));
    for (const item of items) files.set(`${mount.mountPath}/${item.path}`, key(data, item.key));
  }
  return { env, files };
}

function key(data: Record<string, string>, name: string): string {
  const value = data[name];
  if (value === undefined) throw new Error(`key ${name} is missing (the kubelet would not start the pod)`);
  return value;
}

/** A loadConfig `readFile` over the view's files: anything else is ENOENT, as in the container. */
export function readFileIn(view: ContainerView): (path: string) => string {
  return (path) => {
    const text = view.files.get(path);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };
}
