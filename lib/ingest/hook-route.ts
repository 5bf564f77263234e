import { handleHook } from './handle-hook';

// Adapts a Fetch-API request (Next.js route handler) to handleHook. A route
// handler does not see the socket's address, so the per-client limit on
// refused requests (refusal-limit.ts) applies only on the ingest server.
export function hookRoute(test: boolean) {
  return async (req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> => {
    const { token } = await ctx.params;
    const res = await handleHook({
      token,
      test,
      method: req.method,
      search: new URL(req.url).search.slice(1),
      header: (name) => req.headers.get(name),
      headerEntries: () => req.headers.entries(),
      body: req.body as AsyncIterable<Uint8Array> | null,
    });
    return new Response(res.body, { status: res.status, headers: res.headers });
  };
}
