import { defineAppServer, defineCheck } from '../define-server';
import { pipedriveApi } from './api';
import { pipedriveApp, pipedriveConnection } from './app';
import { runPipedriveCreateLead } from './create-lead.run';

export const pipedriveServer = defineAppServer(pipedriveApp, {
  runs: [runPipedriveCreateLead],
  // GET /v1/users/me: the user the token belongs to (developers.pipedrive.com/docs/api/v1/Users#getCurrentUser).
  check: defineCheck(pipedriveConnection, async (s, { signal }) => {
    try {
      const res = await pipedriveApi(s, signal)('GET', '/v1/users/me');
      const u = res.json?.data ?? {};
      return {
        ok: true,
        message: `Signed in to Pipedrive as ${u.name ?? u.email ?? 'the token’s user'}${u.company_domain ? ` (${u.company_domain}.pipedrive.com)` : ''}.`,
      };
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  }),
});
