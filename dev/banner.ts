/** What `npm run dev` prints once everything is up: where to look and what to type next. */
import { join, relative } from 'node:path';
import { projectRoot } from './temporal-binary';

export const readyMarker = 'kube-ci playground ready';
export const sampleRepository = 'Codertocat/Hello-World';

export interface BannerInfo {
  temporalUiUrl: string | undefined;
  temporalAddress: string;
  /** the SQLite file of the dev server the playground started, if it started one */
  dbFile: string | undefined;
  webhookUrl: string;
}

const rule = '─'.repeat(78);

/** A path as the reader would type it from the project folder. */
function shown(path: string): string {
  const inside = relative(projectRoot, path);
  return inside.startsWith('..') ? path : inside;
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** The one-line sample command; names the data dir only when it is not the default one. */
export function sampleCommand(dataDir: string): string {
  const base = 'npx tsx scripts/send-sample-webhook.ts';
  return dataDir === join(projectRoot, '.data') ? base : `${base} --data-dir ${shellQuote(dataDir)}`;
}

function common(info: BannerInfo): string[] {
  return [
    `  Temporal Web UI    ${info.temporalUiUrl ?? '(not started here: see your Temporal deployment)'}`,
    `  Webhook address    ${info.webhookUrl}`,
    `  Temporal server    ${info.temporalAddress}${info.dbFile ? `  (history kept in ${shown(info.dbFile)})` : ''}`,
  ];
}

export function standInBanner(
  info: BannerInfo & { githubUrl: string; kubeUrl: string; appId: number; dataDir: string },
): string {
  return [
    rule,
    `${readyMarker} — with STAND-INS: no GitHub App or cluster is configured, so GitHub and`,
    'Kubernetes + Argo are the local fakes the tests use (nothing leaves this machine).',
    '',
    ...common(info),
    `  STAND-IN GitHub    ${info.githubUrl}  (App id ${info.appId}; REST API checked against GitHub's OpenAPI)`,
    `  STAND-IN Kubernetes + Argo simulator  ${info.kubeUrl}`,
    '',
    'Send a sample run (from another terminal, in this folder):',
    `  ${sampleCommand(info.dataDir)}`,
    '',
    `Watch it in the Temporal Web UI: Workflows, then search  Repo = "${sampleRepository}"`,
    'To serve a real App and cluster instead, set KUBECI_GITHUB_APP_ID and KUBECI_KUBECONFIG (docs/configuration.md).',
    'Ctrl-C stops everything.',
    rule,
  ].join('\n');
}

export function configuredBanner(info: BannerInfo & { appId: number }): string {
  return [
    rule,
    `${readyMarker} — serving your GitHub App ${info.appId} and your cluster.`,
    '',
    ...common(info),
    '',
    "Point the App's webhook URL at the webhook address (through a tunnel if GitHub cannot reach this machine).",
    'Ctrl-C stops everything.',
    rule,
  ].join('\n');
}
