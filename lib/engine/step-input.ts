import type { FlowNode } from '../flows/graph';
import { storableReport } from '../db/storable';
import type { ControlDecision } from '../integrations/define-server';
import { stepDefinition } from '../integrations/registry';
import { controlSteps } from '../integrations/registry.server';
import { renderConfig, type TemplateContext } from '../templates/render-config';
import { maskStepInput } from '../runs/mask-secrets';
import type { FlowPlan } from './flow-plan';

// Turning a node's stored config into what it runs with: templates rendered,
// then the step type's schema applied. Failures here are the user's config,
// so they are never retried; messages name the step and the field.

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `input`: the rendered config as stored and shown, credentials masked; `config`: what the step runs with. */
export type PreparedStep = { input: unknown; config: unknown };

const label = (node: FlowNode) => node.label ?? node.id;

export function prepareStep(plan: FlowPlan, node: FlowNode, ctx: TemplateContext): PreparedStep {
  const rendered = renderConfig(node.config ?? {}, ctx, {
    nodeId: node.id,
    upstream: plan.upstream.get(node.id) ?? new Set(),
    allSteps: plan.allIds,
  });
  const input = storableInput(node, rendered);
  const def = stepDefinition(node.type);
  if (!def) throw new ConfigError(`Step "${label(node)}": unknown step type "${node.type}"`);
  if (controlSteps[node.type]?.unparsed) return { input, config: input };
  const parsed = def.schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'config';
    throw new ConfigError(
      `Step "${label(node)}", field "${field}": ${issue.message}${describeValue(input, issue.path)}`,
    );
  }
  // What is stored and shown is masked; the step runs with the real values.
  return { input: maskStepInput(input), config: parsed.data };
}

/**
 * The step runs with what is recorded as its input: characters PostgreSQL
 * cannot hold (a template can make NUL or split a surrogate pair) are
 * replaced, with a note; a config too big or deep to record is refused rather
 * than sent cut.
 */
function storableInput(node: FlowNode, input: unknown): unknown {
  const report = storableReport(input);
  if (!report) return input;
  if (report.note?.truncated) {
    throw new ConfigError(
      `Step "${label(node)}": the filled-in config is too large or too deeply nested to run (${report.note.note})`,
    );
  }
  const value = report.value;
  if (report.note && value && typeof value === 'object' && !Array.isArray(value))
    (value as Record<string, unknown>)._storage = report.note;
  return value;
}

function describeValue(input: unknown, path: PropertyKey[]): string {
  let v: unknown = input;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  if (v === '' || v === undefined) return ' (the value is empty after filling in the template)';
  return '';
}

/**
 * A control step's decision (lib/integrations/define-server.ts) on its
 * rendered config; its errors are the user's config, named like the others.
 */
export function decideControl(
  plan: FlowPlan,
  node: FlowNode,
  ctx: TemplateContext,
  at: { now: Date; resumed: boolean },
): { input: unknown; decision: ControlDecision } {
  const control = controlSteps[node.type];
  if (!control) throw new ConfigError(`Step "${label(node)}": "${node.type}" is not a control step`);
  const { input, config } = prepareStep(plan, node, ctx);
  try {
    return { input, decision: control.decide({ config, rawConfig: node.config, ...at }) };
  } catch (err) {
    throw new ConfigError(`Step "${label(node)}": ${(err as Error).message}`);
  }
}
