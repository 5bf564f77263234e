import { defineAppServer, defineCheck } from '../define-server';
import { attioApi } from './api';
import { attioApp, attioConnection } from './app';
import { runAttioUpsertPerson } from './upsert-person.run';

export const attioServer = defineAppServer(attioApp, {
  runs: [runAttioUpsertPerson],
  // GET /v2/self: the token's workspace and scopes (docs.attio.com/rest-api/endpoint-reference/meta/identify).
  check: defineCheck(attioConnection, async (s, { signal }) => {
    try {
      const res = await attioApi(s, signal)('GET', '/v2/self');
      const me = res.json ?? {};
      if (me.active === false) return { ok: false, message: 'Attio says this access token is no longer active.' };
      const scopes = typeof me.scope === 'string' ? me.scope.split(' ') : [];
      if (scopes.length && !scopes.includes('record_permission:read-write'))
        return {
          ok: false,
          message: `The token lacks the record_permission:read-write scope (it has ${scopes.join(', ')}).`,
        };
      return {
        ok: true,
        message: `Attio accepted the token${me.workspace_name ? ` for the workspace ${me.workspace_name}` : ''}.`,
      };
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  }),
});
