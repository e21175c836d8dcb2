/**
 * What a running stand-in playground tells other processes (the sample sender, tests): written to
 * `<data dir>/playground.json` once everything is up, removed when the playground stops.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './temporal-binary';

export interface PlaygroundState {
  /** where GitHub would deliver webhooks: `<apiUrl>/webhooks/github` */
  apiUrl: string;
  /** the stand-in GitHub (REST API plus its `/_fake/` control endpoints) */
  githubUrl: string;
  webhookSecret: string;
  temporalAddress: string;
  temporalUiUrl: string;
  temporalNamespace: string;
  /** process ids of the playground's children, by name */
  pids: Record<string, number>;
}

/** `KUBECI_DEV_DATA_DIR`, else the project's `.data` folder (git-ignored). */
export function dataDirFrom(env: Record<string, string | undefined>): string {
  return env['KUBECI_DEV_DATA_DIR'] || join(projectRoot, '.data');
}

export function stateFilePath(dataDir: string): string {
  return join(dataDir, 'playground.json');
}

export function writePlaygroundState(dataDir: string, state: PlaygroundState): void {
  // holds the (throw-away) webhook secret of the stand-ins: readable by the owner only
  writeFileSync(stateFilePath(dataDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function readPlaygroundState(dataDir: string): PlaygroundState | undefined {
  try {
    return JSON.parse(readFileSync(stateFilePath(dataDir), 'utf8')) as PlaygroundState;
  } catch {
    return undefined;
  }
}

export function removePlaygroundState(dataDir: string): void {
  rmSync(stateFilePath(dataDir), { force: true });
}
