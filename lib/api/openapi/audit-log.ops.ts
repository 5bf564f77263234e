import { z } from 'zod';
import { pageQuery } from '../pagination';
import { defineOperations } from './registry';

const auditLogItem = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  actor: z.object({ type: z.enum(['user', 'apiKey']), id: z.string(), name: z.string() }),
  action: z
    .string()
    .describe(
      'flow.publish, flow.pause, flow.resume, flow.restore, flow.discard_draft, flow.rotate_token, flow.alerts_update, flow.held_discard, run.replay, run.bulk_replay, event.edit_replay, connection.create|update|delete, contact.delete, api_key.create|revoke, member.*',
    ),
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  detail: z.record(z.string(), z.unknown()).describe('A few facts about the change (version, names); never secrets'),
  ip: z.string().nullable(),
});

defineOperations([
  {
    method: 'GET',
    path: '/audit-log',
    tag: 'Audit log',
    summary: 'List audit log entries',
    description: 'Who changed what and when in this workspace, newest first.',
    query: pageQuery,
    success: {
      status: 200,
      description: 'A page of entries, newest first',
      schema: z.object({ items: z.array(auditLogItem), nextCursor: z.string().nullable() }),
    },
  },
]);
