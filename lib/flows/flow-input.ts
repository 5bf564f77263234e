import { z } from 'zod';
import { AppError } from '../errors';
import { responseTemplateGraphIssues } from './response-issues';
import { graphSchema, normalizeGraph, structuralIssues, type FlowGraph, type GraphIssue } from './graph';

// API input for flows, shared by POST /flows and PUT /flows/{id}.

const name = z.string().trim().min(1, 'Give the flow a name').max(200, 'at most 200 characters');

/** `template`: a flowTemplates id (lib/flows/templates.ts); the flow starts as that template instead of `graph`. */
export const createFlowInput = z
  .object({
    name,
    graph: graphSchema.optional(),
    template: z.string().min(1).max(100).optional().meta({ description: 'A template id (see the description)' }),
  })
  .refine((v) => !(v.graph && v.template), { message: 'Send a graph or a template, not both', path: ['template'] });
export const updateFlowInput = z
  .object({ name: name.optional(), graph: graphSchema.optional() })
  .refine((v) => v.name !== undefined || v.graph !== undefined, { message: 'Send a name, a graph or both' });

/** POST /flows/{id}/resume: what becomes of the events held while paused. */
export const resumeInput = z.object({ held: z.enum(['run', 'discard']).default('run') }).strict();

export type CreateFlowInput = z.infer<typeof createFlowInput>;
export type UpdateFlowInput = z.infer<typeof updateFlowInput>;

export function graphError(issues: GraphIssue[], prefix = 'graph'): AppError {
  const details = issues.map((i) => ({
    path: `${prefix}.${i.path}`,
    message: i.message,
    ...(i.nodeId ? { nodeId: i.nodeId } : {}),
  }));
  return new AppError('invalid_input', `Invalid graph: ${issues[0]!.message}`, details);
}

/** Drafts may be incomplete, but must be well-formed; returns the draft as it is stored (normalised). */
export function assertDraftGraph(graph: FlowGraph): FlowGraph {
  const issues = [...structuralIssues(graph), ...responseTemplateGraphIssues(graph)];
  if (issues.length) throw graphError(issues);
  return normalizeGraph(graph);
}
