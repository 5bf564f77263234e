import { randomBytes } from 'node:crypto';
import { db } from '../db';
import { AppError } from '../errors';
import { acceptedConnectionTypes, stepCatalog, TRIGGER_TYPE } from '../integrations/registry';
import { applySource, sourceOf } from '../integrations/webhook/sources';
import type { FlowGraph } from './graph';
import { templateById } from './templates';

// "Use template" (POST /flows {template}): the template's graph with what the
// server can fill in already, so the person is asked only for the rest.
// - A sender whose secret you make up (Typeform, Tally) gets a random one,
//   shown in the trigger's setup steps to paste into the form tool.
// - A step that needs a connection gets the workspace's only connection of a
//   type it takes; with none or several, it is left for the editor to ask.

const randomSecret = () => randomBytes(24).toString('base64url');

export async function instantiateTemplate(workspaceId: string, templateId: string): Promise<FlowGraph> {
  const template = templateById(templateId);
  if (!template)
    throw new AppError('invalid_input', `Unknown template “${templateId}”`, [
      { path: 'template', message: 'Unknown template' },
    ]);
  const graph = structuredClone(template.graph);
  const needed = new Set(
    graph.nodes.flatMap((n) => (stepCatalog[n.type]?.connection && n.type !== TRIGGER_TYPE ? [n.type] : [])),
  );
  const types = [...new Set([...needed].flatMap((t) => acceptedConnectionTypes(t)))];
  const connections = types.length
    ? await db.connection.findMany({
        where: { workspaceId, type: { in: types } },
        select: { id: true, type: true },
        take: 200,
      })
    : [];

  for (const node of graph.nodes) {
    const config = (node.config ?? {}) as Record<string, unknown>;
    if (node.type === TRIGGER_TYPE) {
      const source = sourceOf(config);
      if (source?.secretFrom === 'you') node.config = applySource(config, source.id, randomSecret());
      continue;
    }
    if (!needed.has(node.type) || config.connection) continue;
    const accepted = acceptedConnectionTypes(node.type);
    const fits = connections.filter((c) => accepted.includes(c.type));
    if (fits.length === 1) node.config = { ...config, connection: fits[0]!.id };
  }
  return graph;
}
