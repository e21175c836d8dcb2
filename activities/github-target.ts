import type { CiTrigger } from '../domain/types';
import type { InstallationRepo } from './github/gateway';

/** Where a run's GitHub calls go: its installation and repository, tagged with the delivery id. */
export function githubTarget(trigger: CiTrigger): InstallationRepo {
  return { installationId: trigger.installationId, repo: trigger.repo, deliveryId: trigger.deliveryId };
}
