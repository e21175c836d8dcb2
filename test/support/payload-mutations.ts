/**
 * fast-check arbitraries that mutate real `@octokit/webhooks-examples` payloads: fields dropped, set to
 * null, to the wrong type, to huge or odd unicode strings, to deeply nested values, to edge-case numbers, and the fields kube-ci
 * reads (action, app id, head sha/branch, owner, external_id, pull requests) set to values near and past
 * what GitHub sends. Every example of every event is a starting point.
 */
import fc from 'fast-check';
import { createRequire } from 'node:module';

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

export interface CorpusExample {
  event: string;
  index: number;
  payload: Record<string, unknown>;
}

/** Every example payload of every event, in the package's order. */
export function allExamples(): CorpusExample[] {
  const groups = createRequire(import.meta.url)(
    '@octokit/webhooks-examples/api.github.com/index.json',
  ) as ExampleGroup[];
  return groups.flatMap((group) => group.examples.map((payload, index) => ({ event: group.name, index, payload })));
}

type Path = (string | number)[];
type Json = unknown;

/** The fields kube-ci reads, so mutations reach past the first check often enough. */
const FOCUS: Path[] = [
  ['action'],
  ['check_suite', 'app', 'id'],
  ['check_suite', 'id'],
  ['check_suite', 'head_sha'],
  ['check_suite', 'head_branch'],
  ['check_suite', 'pull_requests'],
  ['check_suite', 'pull_requests', 0, 'head', 'repo', 'url'],
  ['check_run', 'check_suite', 'app', 'id'],
  ['check_run', 'check_suite', 'head_branch'],
  ['check_run', 'check_suite', 'id'],
  ['check_run', 'head_sha'],
  ['check_run', 'external_id'],
  ['check_run', 'name'],
  ['requested_action', 'identifier'],
  ['deployment', 'id'],
  ['deployment', 'sha'],
  ['deployment', 'ref'],
  ['deployment', 'task'],
  ['deployment', 'environment'],
  ['deployment', 'payload'],
  ['deployment', 'payload', 'kube_ci', 'ref_type'],
  ['repository'],
  ['repository', 'owner'],
  ['repository', 'owner', 'login'],
  ['repository', 'name'],
  ['installation'],
  ['installation', 'id'],
  ['sender', 'login'],
  ['organization'],
];

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff-lone',
  '\u202e-rtl',
  '👩‍👩‍👧‍👦',
  'İstanbul',
  'a..b',
  '-leading',
  'x.lock',
  'refs/heads/main',
  'with space',
  '../..',
  'Default Workflow',
  'toString',
  '__proto__',
);

const hugeString = fc
  .tuple(fc.integer({ min: 2_000, max: 300_000 }), fc.constantFrom('x', 'é', '日', '😀', '-'))
  .map(([n, unit]) => unit.repeat(n));

/** Arrays and objects nested past what GitHub sends (about 8 levels) and past kube-ci's bound (100). */
const deepValue = fc.tuple(fc.integer({ min: 20, max: 500 }), fc.boolean()).map(([depth, arrays]) => {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { d: value };
  return value;
});

const edgeNumber = fc.constantFrom(0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, 29310, 957387, 2 ** 31);

const plausible = fc.oneof(
  fc.constantFrom('requested', 'rerequested', 'requested_action', 'completed', 'created', 'run', 'skip', 'clearCache'),
  fc.stringMatching(/^[0-9a-f]{40}$/),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9/._-]{0,30}$/),
  fc.integer({ min: 1, max: 2 ** 40 }),
  fc.constant({ login: 'someuser', type: 'User' }),
);

const anyValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: oddStrings },
  { weight: 2, arbitrary: edgeNumber },
  { weight: 3, arbitrary: plausible },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deepValue },
);

/** Values for the fields kube-ci reads: huge strings and plausible values more often than elsewhere. */
const focusValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: anyValue },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: plausible },
);

export type Mutation =
  | { kind: 'drop' | 'null'; at: number }
  | { kind: 'set'; at: number; value: Json }
  | { kind: 'focus'; at: number; value: Json | undefined };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('null' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: anyValue }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('focus' as const),
      at: fc.nat(),
      value: fc.option(focusValue, { freq: 6 }),
    }),
  },
);

export interface MutatedDelivery {
  event: string;
  /** undefined when the root itself was dropped */
  payload: Json;
  form: boolean;
  /** which example it came from, for failure reports */
  from: string;
}

/**
 * A delivery built from one example: sometimes sent as another check event, usually addressed to `appId`
 * (so it passes the App check and exercises the rest; a deployment then asks kube-ci to run), with up to six mutations, sometimes form-encoded.
 */
export function mutatedDelivery(examples: CorpusExample[], appId: number): fc.Arbitrary<MutatedDelivery> {
  const checks = examples.flatMap((e, i) => (e.event.startsWith('check_') || e.event === 'deployment' ? [i] : []));
  return fc
    .record({
      // every example, and the check events kube-ci acts on twice as often
      example: fc.oneof(fc.nat({ max: examples.length - 1 }), { weight: 2, arbitrary: fc.constantFrom(...checks) }),
      event: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('check_suite', 'check_run') },
      ),
      ourApp: fc.integer({ min: 0, max: 3 }).map((n) => n !== 0),
      form: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      mutations: fc.array(mutation, { maxLength: 6 }),
    })
    .map(({ example, event, ourApp, form, mutations }) => {
      const source = examples[example]!;
      let payload: Json = structuredClone(source.payload);
      if (ourApp) {
        setAt(payload, ['check_suite', 'app', 'id'], appId, false);
        setAt(payload, ['check_run', 'check_suite', 'app', 'id'], appId, false);
        // a deployment asks kube-ci to run
        if (source.event === 'deployment') setAt(payload, ['deployment', 'payload', 'kube_ci', 'run'], true, true);
      }
      for (const m of mutations) payload = apply(payload, m);
      return { event: event ?? source.event, payload, form, from: `${source.event}#${source.index}` };
    });
}

function apply(payload: Json, given: Mutation): Json {
  // values are cloned: an arbitrary may hand out one object twice, and a shared one could form a cycle
  const m = cloned(given);
  if (m.kind === 'focus') {
    const path = FOCUS[m.at % FOCUS.length]!;
    if (m.value === undefined) dropAt(payload, path);
    else setAt(payload, path, m.value, true);
    return payload;
  }
  const paths = pathsOf(payload);
  const path = paths[m.at % paths.length]!;
  const value = m.kind === 'set' ? m.value : null;
  if (path.length === 0) return m.kind === 'drop' ? undefined : value;
  if (m.kind === 'drop') dropAt(payload, path);
  else setAt(payload, path, value, false);
  return payload;
}

function cloned(m: Mutation): Mutation {
  switch (m.kind) {
    case 'drop':
    case 'null':
      return m;
    case 'set':
      return { ...m, value: structuredClone(m.value) };
    case 'focus':
      return { ...m, value: structuredClone(m.value) };
  }
}

/** Every path in the value, the root (`[]`) included. */
function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

function containerAt(root: Json, path: Path, create: boolean): Record<string | number, Json> | undefined {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    const holder = current as Record<string | number, Json>;
    if ((typeof holder[key] !== 'object' || holder[key] === null) && create) holder[key] = {};
    current = holder[key];
  }
  return typeof current === 'object' && current !== null ? (current as Record<string | number, Json>) : undefined;
}

function setAt(root: Json, path: Path, value: Json, create: boolean): void {
  const parent = containerAt(root, path.slice(0, -1), create);
  const key = path.at(-1)!;
  if (parent && (create || key in parent)) parent[key] = value;
}

function dropAt(root: Json, path: Path): void {
  const parent = containerAt(root, path.slice(0, -1), false);
  const key = path.at(-1)!;
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (parent) delete parent[key];
}
