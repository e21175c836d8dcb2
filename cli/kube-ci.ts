#!/usr/bin/env node
/**
 * `kube-ci render`: prints the Argo Workflow kube-ci would submit for a local checkout. No GitHub App,
 * cluster or Temporal needed. Process entry: the only place the CLI reads process.env and argv.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { createStarlarkPool, type JSONValue } from '../starlark-wasm/src/index';
import { loadConfig, runSettingsFrom } from '../config';
import { DEFAULT_STARLARK_LIMITS } from '../pipeline/render-starlark';
import { renderCheckout } from './render-checkout';

const HELP = `Usage: kube-ci render [options] [checkout-dir]

Evaluates the checkout's .kube-ci/ (ci.star first, then ci.yaml) for one event and prints the Argo
Workflow kube-ci would submit, with every injected parameter, label and annotation. The default event
is a push to a branch. checkout-dir defaults to the current folder.

Options:
  --repo OWNER/NAME     repository (default: from --event, else the checkout folder's name under "local")
  --ref NAME            branch or tag name (default: main)
  --tag                 the ref is a tag, not a branch
  --sha SHA             commit (default: git HEAD of the checkout, else 40 zeros)
  --entrypoint NAME     run this template instead of spec.entrypoint (a Run button / deploy step)
  --manual              a Run press by someone with write access: branch, draft and fork policy do not apply
  --event FILE          a webhook payload (JSON): input.event, the repository and its pull request
  --installation-id N   value of the installId annotation (default 0)
  --config FILE         kube-ci config file for namespace, tolerations, policy... (default: built-in)
  --https-allow HOST    allow https:// loads from HOST (repeatable; HOST, *.DOMAIN, HOST:PORT)
  --github-api URL      GitHub API for github:// loads (default https://api.github.com)
  --max-steps N         Starlark step budget (default ${DEFAULT_STARLARK_LIMITS.maxSteps})
  --timeout-ms N        Starlark wall-clock limit (default ${DEFAULT_STARLARK_LIMITS.timeoutMs})
  --json                print JSON instead of YAML
  -h, --help            this text

github:// loads read the GitHub Contents API with the token in GITHUB_TOKEN; without it they fail.
print() output goes to stderr. Exit status: 0 printed a workflow, 1 the pipeline is invalid,
2 bad usage, 3 the run would be skipped (policy) or there is no pipeline.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === undefined) return out(HELP, 0);
  if (command !== 'render') return err(`unknown command ${command}\n\n${HELP}`, 2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      repo: { type: 'string' },
      ref: { type: 'string', default: 'main' },
      tag: { type: 'boolean', default: false },
      sha: { type: 'string' },
      entrypoint: { type: 'string', default: '' },
      event: { type: 'string' },
      'installation-id': { type: 'string', default: '0' },
      config: { type: 'string' },
      'https-allow': { type: 'string', multiple: true, default: [] },
      'github-api': { type: 'string', default: 'https://api.github.com' },
      'max-steps': { type: 'string' },
      'timeout-ms': { type: 'string' },
      json: { type: 'boolean', default: false },
      manual: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return out(HELP, 0);
  const dir = resolve(positionals[0] ?? '.');
  const event = values.event
    ? (JSON.parse(readFileSync(values.event, 'utf8')) as Record<string, JSONValue>)
    : undefined;
  const repo = repoOf(values.repo, event, dir);
  if (!repo) return err('--repo must be OWNER/NAME', 2);

  // render needs only the run settings; loadConfig insists on the servers' secrets, so placeholders stand in.
  const loaded = loadConfig({
    env: { KUBECI_GITHUB_APP_ID: '1', KUBECI_WEBHOOK_SECRET: 'unused-by-render', KUBECI_CONFIG: values.config ?? '' },
    role: 'api',
  });
  if (!loaded.ok) return err(`configuration problems:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}`, 2);
  const k = loaded.config.kubeCi;

  const pool = await createStarlarkPool({ size: 1 });
  try {
    const result = await renderCheckout({
      dir,
      repo,
      ...(event ? { event } : {}),
      ref: values.ref,
      refType: values.tag ? 'tag' : 'branch',
      sha: values.sha ?? gitHead(dir),
      entrypoint: values.entrypoint,
      manual: values.manual,
      installationId: Number(values['installation-id']),
      settings: runSettingsFrom(loaded.config),
      policy: loaded.config.policy,
      pipelineFiles: { contextPath: k.ciContextPath, yamlFile: k.ciYAMLFile, starlarkFile: k.ciStarlarkFile },
      pool,
      limits: {
        ...DEFAULT_STARLARK_LIMITS,
        ...(values['max-steps'] ? { maxSteps: Number(values['max-steps']) } : {}),
        ...(values['timeout-ms'] ? { timeoutMs: Number(values['timeout-ms']) } : {}),
      },
      github: { apiUrl: values['github-api'], token: process.env['GITHUB_TOKEN'] },
      https: { allowedHosts: values['https-allow'], maxBytes: DEFAULT_STARLARK_LIMITS.maxFileBytes, timeoutMs: 10_000 },
    });
    if ('prints' in result) for (const line of result.prints) process.stderr.write(`print: ${line}\n`);
    switch (result.kind) {
      case 'workflow':
        for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
        process.stderr.write(`# from ${result.file}; check run "${result.checkRunName}"\n`);
        return out(values.json ? JSON.stringify(result.workflow, null, 2) : stringify(result.workflow).trimEnd(), 0);
      case 'error': {
        const { file, line, column, message } = result.error;
        return err(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${message}`, 1);
      }
      case 'skip':
      case 'none':
        return err(`nothing would run: ${result.reason}`, 3);
    }
  } finally {
    await pool.close();
  }
}

function repoOf(
  flag: string | undefined,
  event: Record<string, JSONValue> | undefined,
  dir: string,
): { owner: string; name: string } | null {
  const fromEvent = event?.['repository'];
  const fullName =
    flag ??
    (typeof fromEvent === 'object' && fromEvent !== null && !Array.isArray(fromEvent)
      ? fromEvent['full_name']
      : undefined);
  const text = typeof fullName === 'string' ? fullName : `local/${dir.split('/').at(-1) ?? 'repo'}`;
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(text);
  return match ? { owner: match[1]!, name: match[2]! } : null;
}

function gitHead(dir: string): string {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '0'.repeat(40); // not a git checkout: the commit is unknown
  }
}

function out(text: string, code: number): number {
  process.stdout.write(`${text}\n`);
  return code;
}

function err(text: string, code: number): number {
  process.stderr.write(`kube-ci: ${text}\n`);
  return code;
}

process.exitCode = await main(process.argv.slice(2)).catch((e: unknown) =>
  err(e instanceof Error ? e.message : String(e), 2),
);
