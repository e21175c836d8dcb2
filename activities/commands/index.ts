import type { ActivityDeps } from '../deps';
import type { LoadPipelineInput, LoadPipelineResult } from '../load-pipeline';
import { makeCheckAuthorised } from './check-authorised';
import { makeCommandDeployment } from './command-deployment';
import { makeCommandEffects } from './command-effects';
import { makeSlackEffects } from './slack-effects';

/** The activities of `/kube-ci` commands (workflows/comment-command.ts) and the authorisation check. */
export function makeCommandActivities(
  deps: ActivityDeps,
  render: (input: LoadPipelineInput) => Promise<LoadPipelineResult>,
) {
  return {
    checkAuthorised: makeCheckAuthorised(deps),
    ...makeCommandEffects(deps),
    ...makeCommandDeployment(deps, render),
    ...makeSlackEffects(deps),
  };
}
