import type { ArgoParameter, ArgoTemplate, ArgoWorkflow } from '../../../domain/types';
import { nodeId } from './argo-names';

/** A node the controller will create for this workflow, in the order it runs them. */
export interface PlannedNode {
  id: string;
  name: string;
  displayName: string;
  type: 'Steps' | 'StepGroup' | 'DAG' | 'Pod';
  templateName?: string;
  templateRef?: { name?: string; template?: string };
  boundaryID?: string;
  parentId?: string;
  inputs?: { parameters: ArgoParameter[] };
}

interface Invocation {
  name: string;
  template?: string;
  templateRef?: { name?: string; template?: string };
  arguments?: { parameters?: ArgoParameter[] };
  dependencies?: string[];
}

/** DAG tasks ordered so that every task follows its dependencies (input order otherwise). */
function topological(tasks: Invocation[]): Invocation[] {
  const done = new Set<string>();
  const ordered: Invocation[] = [];
  let remaining = [...tasks];
  while (remaining.length > 0) {
    const ready = remaining.filter((t) => (t.dependencies ?? []).every((d) => done.has(d)));
    const batch = ready.length > 0 ? ready : remaining; // a cycle: Argo rejects it; keep going here
    for (const task of batch) done.add(task.name);
    ordered.push(...batch);
    remaining = remaining.filter((t) => !batch.includes(t));
  }
  return ordered;
}

export function planNodes(workflow: ArgoWorkflow): PlannedNode[] {
  const wfName = workflow.metadata.name!;
  const templates = new Map((workflow.spec.templates ?? []).map((t) => [t.name ?? '', t]));
  const nodes: PlannedNode[] = [];

  // Recursive templates (coinflip-recursive) unfold at run time in Argo; the simulator takes one level of
  // recursion and runs a template that calls itself again as a plain Pod node.
  const active: string[] = [];
  const visit = (
    nodeName: string,
    displayName: string,
    call: Invocation,
    context: { boundaryID?: string; parentId?: string },
  ) => {
    const recursive = call.template !== undefined && active.filter((name) => name === call.template).length >= 2;
    const template: ArgoTemplate | undefined = call.template ? templates.get(call.template) : undefined;
    const node: PlannedNode = { id: nodeId(wfName, nodeName), name: nodeName, displayName, type: 'Pod' };
    if (call.template) node.templateName = call.template;
    if (call.templateRef) node.templateRef = call.templateRef;
    if (context.boundaryID) node.boundaryID = context.boundaryID;
    if (context.parentId) node.parentId = context.parentId;
    const parameters = call.arguments?.parameters ?? template?.inputs?.parameters;
    if (parameters?.length)
      node.inputs = { parameters: parameters.map((p) => ({ name: p.name, value: String(p.value ?? '') })) };
    nodes.push(node);

    if (recursive) return;
    const steps = template?.steps as Invocation[][] | undefined;
    const dagTasks = (template?.dag as { tasks?: Invocation[] } | undefined)?.tasks;
    active.push(call.template ?? '');
    if (steps) {
      node.type = 'Steps';
      steps.forEach((group, index) => {
        const groupName = `${nodeName}[${index}]`;
        const groupId = nodeId(wfName, groupName);
        nodes.push({
          id: groupId,
          name: groupName,
          displayName: `[${index}]`,
          type: 'StepGroup',
          templateName: call.template!,
          boundaryID: node.id,
          parentId: node.id,
        });
        for (const step of group)
          visit(`${groupName}.${step.name}`, step.name, step, { boundaryID: node.id, parentId: groupId });
      });
    } else if (dagTasks) {
      node.type = 'DAG';
      for (const task of topological(dagTasks))
        visit(`${nodeName}.${task.name}`, task.name, task, { boundaryID: node.id, parentId: node.id });
    }
    active.pop();
  };

  visit(wfName, wfName, { name: wfName, template: workflow.spec.entrypoint ?? '' }, {});
  return nodes;
}
