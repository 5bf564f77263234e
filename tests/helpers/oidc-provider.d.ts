// oidc-provider ships no types; tests use a small part of it (tests/helpers/oauth-server.ts).
declare module 'oidc-provider' {
  const Provider: new (
    issuer: string,
    config: Record<string, unknown>,
  ) => {
    callback(): (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown;
    on(event: string, listener: (...args: any[]) => void): void;
  };
  export default Provider;
}
