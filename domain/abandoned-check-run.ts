/** How a run closed, as Temporal names it (WorkflowExecutionStatus without the prefix). */
export type ClosedRunStatus = 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TERMINATED' | 'TIMED_OUT' | 'CONTINUED_AS_NEW';

export interface AbandonedCheckRunConclusion {
  conclusion: 'cancelled' | 'timed_out' | 'failure';
  title: string;
  summary: string;
}

/**
 * The conclusion the reconciler gives a check run whose run closed without concluding it: an operator's
 * terminate or cancel reads as `cancelled`, a run timeout as `timed_out`, anything else (the run failed,
 * or GitHub refused its last update) as `failure`. The summary says that kube-ci, not the pipeline, ended it.
 */
export function abandonedCheckRunConclusion(status: ClosedRunStatus, runUrl: string): AbandonedCheckRunConclusion {
  const link = `[its run in Temporal](${runUrl})`;
  switch (status) {
    case 'TERMINATED':
    case 'CANCELLED':
      return {
        conclusion: 'cancelled',
        title: 'Run stopped',
        summary: `The run was ${status === 'TERMINATED' ? 'terminated' : 'cancelled'} before it concluded this check run; see ${link}.`,
      };
    case 'TIMED_OUT':
      return { conclusion: 'timed_out', title: 'Run timed out', summary: `The run timed out; see ${link}.` };
    case 'COMPLETED':
    case 'FAILED':
    case 'CONTINUED_AS_NEW':
      return {
        conclusion: 'failure',
        title: 'Run ended',
        summary: `The run ended (${status.toLowerCase().replace(/_/g, ' ')}) without concluding this check run; see ${link}.`,
      };
  }
}
