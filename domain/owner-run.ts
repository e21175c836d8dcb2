import type { CiTrigger } from './types';

/**
 * The run that offered a manual step, from its check run's details URL: the run's page in the Temporal Web UI
 * (`…/namespaces/<ns>/workflows/<workflow id>`, activities/offer-manual-steps.ts). Only a CI run of the same
 * repository and commit counts; anything else (a check run of another version, a URL pointing elsewhere) is
 * undefined, and the press is then done without an owner.
 */
export function ownerRunOfCheckRun(detailsUrl: string, trigger: Pick<CiTrigger, 'repo' | 'sha'>): string | undefined {
  const found = /\/workflows\/([^/?#]+)(?:[/?#]|$)/.exec(detailsUrl);
  if (!found) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(found[1]!);
  } catch {
    return undefined;
  }
  const prefix = ['ci', trigger.repo.owner, trigger.repo.name, trigger.sha, ''].map(encodeURIComponent).join('/');
  return id.startsWith(prefix) ? id : undefined;
}
