import type { CheckRunButton } from './clear-cache-action';

/**
 * The check runs of manual steps (SPEC B 13.5, 4.5): what they say and which buttons they carry. The original's
 * texts, so users see what they saw before.
 */

/** `Workflow - <template>`: the same name a run of that template gets, so GitHub shows the newest of them. */
export function manualStepCheckRunName(template: string): string {
  return `Workflow - ${template}`;
}

export const manualStepButtons: readonly CheckRunButton[] = [
  { label: 'Run', description: 'run this workflow template manually', identifier: 'run' },
  { label: 'Skip', description: 'mark as complete without running', identifier: 'skip' },
];

/** The offered step: completed, `neutral`, or `action_required` when essential, with the two buttons. */
export function offeredManualStep(template: string, essential: boolean) {
  return {
    name: manualStepCheckRunName(template),
    status: 'completed' as const,
    conclusion: essential ? ('action_required' as const) : ('neutral' as const),
    output: { title: 'Manual Step', summary: 'Use the button above to manually trigger this workflow template' },
    actions: [...manualStepButtons],
  };
}

/** What Skip makes of the step's check run; its buttons stay, so the step can still be run later. */
export function skippedManualStep(checkRunName: string, sender: string) {
  return {
    name: checkRunName,
    status: 'completed' as const,
    conclusion: 'neutral' as const,
    output: { title: 'Manual Step - Skipped', summary: `User ${sender} skipped this manual action` },
  };
}

/** An essential step whose run succeeded: its check run turns `success`, so a required check passes. */
export function succeededManualStep(checkRunName: string, sender: string) {
  return {
    name: checkRunName,
    status: 'completed' as const,
    conclusion: 'success' as const,
    output: {
      title: 'Manual Step - Succeeded',
      summary: `User ${sender} ran this manual step and it succeeded.`,
    },
  };
}
