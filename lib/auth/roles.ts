// Roles of a workspace membership, weakest first. DESIGN: owner — everything,
// members and API keys included; editor — flows, connections, replays;
// viewer — reads only (any mutation answers 403).
// Browser-safe: the UI imports it to hide what a role cannot use.

export const ROLES = ['viewer', 'editor', 'owner'] as const;

export type Role = (typeof ROLES)[number];

export const roleRank = (r: Role) => ROLES.indexOf(r);

/** Whether `role` is at least `min`. */
export const atLeast = (role: Role, min: Role) => roleRank(role) >= roleRank(min);

/** The default a route or action needs: reading methods viewer, the rest editor. */
export const defaultRoleFor = (method: string): Role =>
  ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? 'viewer' : 'editor';

export const roleLabel: Record<Role, string> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };

export const roleHint: Record<Role, string> = {
  owner: 'everything, including members, API keys and settings',
  editor: 'builds and publishes flows, manages connections, replays runs',
  viewer: 'sees flows, runs and contacts; changes nothing',
};
