/**
 * What the playground scripts (send-sample-webhook.ts, press-button.ts) share: where the running `npm run dev`
 * playground is (flags, then KUBECI_DEV_* variables, then `<data dir>/playground.json`), JSON calls to it, and
 * following a commit's check runs on the stand-in GitHub as a person would watch them.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { dataDirFrom, readPlaygroundState } from '../dev/playground-state';
import type { PressedCheckRun } from '../test/support/check-run-press';

/** A check run as the stand-in's control endpoint shows it: the fields a press sends, and its history. */
export interface CheckRunView extends PressedCheckRun {
  statuses: string[];
  summary: string | null;
}

export interface Playground {
  apiUrl: string;
  githubUrl: string;
  secret: string;
  temporalUi: string;
  namespace: string;
  flags: Record<string, string | boolean | undefined>;
}

const common = {
  'data-dir': { type: 'string' },
  api: { type: 'string' },
  github: { type: 'string' },
  secret: { type: 'string' },
  'temporal-ui': { type: 'string' },
  timeout: { type: 'string', default: '120' },
} as const;

/** The playground's addresses and the script's own flags (`options`, besides the common ones). */
export function connectPlayground(script: string, options: NonNullable<ParseArgsConfig['options']>): Playground {
  const { values: flags } = parseArgs({ options: { ...common, ...options } });
  const env = process.env;
  const dataDir = (flags['data-dir'] as string | undefined) ?? dataDirFrom(env);
  const state = readPlaygroundState(dataDir);
  const pick = (flag: unknown, envName: string, fromState: string | undefined, what: string): string => {
    const value = (flag as string | undefined) ?? env[envName] ?? fromState;
    if (!value)
      fail(
        script,
        `no ${what}: start the playground with \`npm run dev\` (it writes ${dataDir}/playground.json) or pass it as a flag`,
      );
    return value;
  };
  return {
    apiUrl: pick(flags.api, 'KUBECI_DEV_API_URL', state?.apiUrl, 'API URL'),
    githubUrl: pick(flags.github, 'KUBECI_DEV_GITHUB_URL', state?.githubUrl, 'stand-in GitHub URL'),
    secret: pick(flags.secret, 'KUBECI_DEV_WEBHOOK_SECRET', state?.webhookSecret, 'webhook secret'),
    temporalUi: pick(flags['temporal-ui'], 'KUBECI_DEV_TEMPORAL_UI', state?.temporalUiUrl, 'Temporal Web UI URL'),
    namespace: state?.temporalNamespace ?? 'default',
    flags,
  };
}

export function fail(script: string, message: string): never {
  process.stderr.write(`${script}: ${message}\n`);
  process.exit(1);
}

export async function call(script: string, url: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(url, init).catch((error: unknown) =>
    fail(script, `${url}: ${String(error)} (is the playground running?)`),
  );
  if (!res.ok) fail(script, `${init?.method ?? 'GET'} ${url} → ${res.status} ${await res.text()}`);
  return res.json();
}

export async function checkRunsOf(script: string, playground: Playground, repo: string, sha: string) {
  const runs = (await call(script, `${playground.githubUrl}/_fake/check-runs/${repo}`)) as CheckRunView[];
  return runs.filter((run) => run.headSha === sha);
}

/**
 * Prints the commit's check-run transitions (through the stand-in's history, so none is missed between polls)
 * until every check run is completed and none was created for `settleMs`; returns them.
 */
export async function followCheckRuns(
  script: string,
  playground: Playground,
  repo: string,
  sha: string,
  options: { timeoutS: number; seen?: Map<number, number>; settleMs?: number },
): Promise<CheckRunView[]> {
  const seen = options.seen ?? new Map<number, number>();
  const deadline = Date.now() + options.timeoutS * 1000;
  let runs: CheckRunView[] = [];
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    runs = await checkRunsOf(script, playground, repo, sha);
    for (const run of runs) {
      const shown = seen.get(run.id) ?? 0;
      if (run.statuses.length > shown) quietSince = Date.now();
      run.statuses.slice(shown).forEach((status, i) => {
        if (status === run.statuses[shown + i - 1]) return; // progress updates repeat the status
        const last = shown + i === run.statuses.length - 1;
        const detail = status === 'completed' && last && run.conclusion ? `completed/${run.conclusion}` : status;
        console.log(`check run "${run.name}": ${detail}`);
      });
      seen.set(run.id, run.statuses.length);
    }
    const settled = Date.now() - quietSince >= (options.settleMs ?? 0);
    if (runs.length > 0 && runs.every((run) => run.status === 'completed') && settled) return runs;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  fail(script, `the check runs did not finish within ${options.timeoutS} s`);
}
