import { expect } from 'vitest';
import { loadConfig, type LoadOptions } from '../../config/load';
import type { ReadFile } from '../../config/files';
import type { Config } from '../../config/types';

/** A file system in a map; a missing path throws like node:fs does (code ENOENT). */
export function memoryFiles(files: Record<string, string>): ReadFile {
  return (path) => {
    const text = files[path];
    if (text !== undefined) return text;
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
  };
}

export const PEM =
  '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----';

/** The least a process needs to start: app id and both secrets. */
export const minimalEnv = {
  KUBECI_GITHUB_APP_ID: '42',
  KUBECI_WEBHOOK_SECRET: 'webhook-s3cret',
  KUBECI_GITHUB_PRIVATE_KEY: PEM,
};

export function loadOk(options: Partial<LoadOptions> & { files?: Record<string, string> }): {
  config: Config;
  warnings: string[];
} {
  const result = loadConfig({
    env: options.env ?? minimalEnv,
    readFile: memoryFiles(options.files ?? {}),
    ...(options.argv ? { argv: options.argv } : {}),
    ...(options.role ? { role: options.role } : {}),
  });
  if (!result.ok) expect.fail(`expected the config to load, got problems:\n${result.problems.join('\n')}`);
  return { config: result.config, warnings: result.warnings };
}

export function loadProblems(options: Partial<LoadOptions> & { files?: Record<string, string> }): string[] {
  const result = loadConfig({
    env: options.env ?? minimalEnv,
    readFile: memoryFiles(options.files ?? {}),
    ...(options.argv ? { argv: options.argv } : {}),
    ...(options.role ? { role: options.role } : {}),
  });
  if (result.ok) expect.fail('expected problems, but the config loaded');
  return result.problems;
}
