import type { ConnectionType } from '../steps/types';

// What the API and UI may see of a connection. `secret` is never selected.
export const connectionSelect = {
  id: true,
  type: true,
  name: true,
  config: true,
  status: true,
  statusMessage: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type ConnectionView = {
  id: string;
  type: ConnectionType;
  name: string;
  /** Non-secret settings; secrets appear as a mask. */
  config: Record<string, unknown>;
  /** "ok", or "needs_reconnecting" when an OAuth2 provider refused the grant (statusMessage says why). */
  status: 'ok' | 'needs_reconnecting';
  statusMessage: string | null;
  createdAt: string;
  updatedAt: string;
};

export function toConnectionView(row: {
  id: string;
  type: string;
  name: string;
  config: unknown;
  status: string;
  statusMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
}): ConnectionView {
  return {
    id: row.id,
    type: row.type as ConnectionType,
    name: row.name,
    config: (row.config ?? {}) as Record<string, unknown>,
    status: row.status === 'needs_reconnecting' ? 'needs_reconnecting' : 'ok',
    statusMessage: row.statusMessage,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
