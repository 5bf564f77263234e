import { z } from 'zod';

/** GET /runs/stream: which runs' changes to send; the route and its OpenAPI operation share it. */
export const runStreamQuery = z.object({
  flowId: z.uuid({ message: 'must be a flow id' }).optional(),
  runId: z.uuid({ message: 'must be a run id' }).optional(),
});
