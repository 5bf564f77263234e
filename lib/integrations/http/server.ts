import { httpAuthHeaders } from '../../connections/http-auth-headers';
import { callVendor } from '../../steps/call-vendor';
import { defineAppServer, defineCheck } from '../define-server';
import { httpApp, httpConnection } from './app';
import { runHttpRequest } from './request.run';

export const httpServer = defineAppServer(httpApp, {
  runs: [runHttpRequest],
  check: defineCheck(httpConnection, async (s, { signal, url }) => {
    if (!url) return { ok: true, message: 'Saved. Give a URL to try the credentials against an API.' };
    const res = await callVendor({ method: 'HEAD', url, headers: httpAuthHeaders(s), signal });
    const ok = res.status < 400;
    return { ok, message: `${url} answered ${res.status}${ok ? '' : ' — check the credentials'}` };
  }),
});
