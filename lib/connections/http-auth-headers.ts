// The headers an `http` connection (or a step's inline auth) adds to a request.
type Auth =
  | { type: 'bearer'; token?: unknown }
  | { type: 'basic'; username?: unknown; password?: unknown }
  | { type: 'header'; name?: unknown; value?: unknown };

export function httpAuthHeaders(settings: { auth?: unknown }): Record<string, string> {
  const auth = settings.auth as Auth | undefined;
  if (!auth) return {};
  switch (auth.type) {
    case 'bearer':
      return { authorization: `Bearer ${String(auth.token ?? '')}` };
    case 'basic':
      return {
        authorization: `Basic ${Buffer.from(`${String(auth.username ?? '')}:${String(auth.password ?? '')}`).toString('base64')}`,
      };
    case 'header':
      return auth.name ? { [String(auth.name).toLowerCase()]: String(auth.value ?? '') } : {};
    default:
      return {};
  }
}
