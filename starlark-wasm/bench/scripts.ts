// Representative ci.star programs for the benchmark, generated so their size is exact.

/** A ~300-line ci.star with three loads (two modules and a builtin), building an Argo Workflow. */
export function pipelineFiles(): Record<string, string> {
  const steps: string[] = [];
  for (let i = 0; i < 40; i++) {
    steps.push(
      `def step_${i}(name, extra = {}):`,
      `    env = dict(DEFAULT_ENV, STEP = "${i}", **extra)`,
      `    return container(name, image_for("${i % 3 === 0 ? 'go' : 'node'}"), ["make", "target-${i}"], env)`,
      '',
    );
  }
  const ci = [
    'load("lib/common.star", "container", "image_for", "DEFAULT_ENV")',
    'load("lib/matrix.star", "matrix")',
    'load("builtin:///encoding/yaml", "yaml")',
    '',
    ...steps,
    'EXIT_HANDLER = yaml.loads("""',
    'name: exit-handler',
    'container:',
    '  image: alpine:3.20',
    '  command: [sh, -c]',
    '  args: ["echo {{workflow.status}}"]',
    '""")',
    '',
    'def templates():',
    '    out = []',
    ...Array.from({ length: 40 }, (_, i) => `    out.append(step_${i}("step-${i}", {"SHARD": str(${i} % 4)}))`),
    '    for combo in matrix({"os": ["linux", "darwin"], "arch": ["amd64", "arm64"], "go": ["1.25", "1.26"]}):',
    '        out.append(container("test-" + "-".join(combo.values()), image_for("go"), ["go", "test", "./..."], combo))',
    '    return out',
    '',
    'def dag(tpls):',
    '    tasks = []',
    '    previous = None',
    '    for t in tpls:',
    '        task = {"name": t["name"], "template": t["name"]}',
    '        if previous:',
    '            task["dependencies"] = [previous]',
    '        tasks.append(task)',
    '        previous = t["name"]',
    '    return {"name": "main", "dag": {"tasks": tasks}}',
    '',
    'tpls = templates()',
    'workflow = {',
    '    "apiVersion": "argoproj.io/v1alpha1",',
    '    "kind": "Workflow",',
    '    "metadata": {"generateName": "ci-"},',
    '    "spec": {"entrypoint": "main", "templates": [dag(tpls)] + tpls},',
    '}',
    'workflow["spec"]["onExit"] = EXIT_HANDLER["name"]',
    'workflow["spec"]["templates"].append(EXIT_HANDLER)',
    'print("templates:", len(workflow["spec"]["templates"]))',
  ];
  while (ci.length < 300) ci.splice(4, 0, '# padding comment line describing the pipeline');
  const common = [
    'DEFAULT_ENV = {"CI": "true", "GOFLAGS": "-mod=mod"}',
    'IMAGES = {"go": "golang:1.26", "node": "node:20"}',
    'def image_for(kind):',
    '    return IMAGES[kind]',
    'def container(name, image, command, env):',
    '    return {"name": name, "container": {"image": image, "command": command,',
    '            "env": [{"name": k, "value": v} for k, v in env.items()]}}',
  ].join('\n');
  const matrix = [
    'def matrix(axes):',
    '    combos = [{}]',
    '    for key, values in axes.items():',
    '        combos = [dict(c, **{key: v}) for c in combos for v in values]',
    '    return combos',
  ].join('\n');
  return { 'ci.star': ci.join('\n') + '\n', 'lib/common.star': common + '\n', 'lib/matrix.star': matrix + '\n' };
}

/** The same, rendering the 50-template workflow with `yaml.dumps` as well. */
export function yamlFiles(): Record<string, string> {
  const files = pipelineFiles();
  return { ...files, 'ci.star': `${files['ci.star']}text = yaml.dumps(workflow)\n` };
}

/** A CPU-bound script: a prime sieve and string work, about half a million steps. */
export function cpuBoundFiles(): Record<string, string> {
  const source = [
    'def sieve(n):',
    '    flags = [True] * (n + 1)',
    '    count = 0',
    '    for i in range(2, n + 1):',
    '        if flags[i]:',
    '            count += 1',
    '            for j in range(i * i, n + 1, i):',
    '                flags[j] = False',
    '    return count',
    'def words(n):',
    '    out = {}',
    '    for i in range(n):',
    '        key = "k" + str(i % 97)',
    '        out[key] = out.get(key, 0) + len(str(i))',
    '    return out',
    'primes = sieve(50000)',
    'histogram = words(30000)',
  ];
  return { 'ci.star': source.join('\n') + '\n' };
}
