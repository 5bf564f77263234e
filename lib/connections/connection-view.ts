import type { ConnectionType } from '../steps/types';

// What the API and UI may see of a connection. `secret` is never selected.
export const connectionSelect = {
  id: true,
  type: true,
  name: true,
  config: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type ConnectionView = {
  id: string;
  type: ConnectionType;
  name: string;
  /** Non-secret settings; secrets appear as a mask. */
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

export function toConnectionView(row: {
  id: string;
  type: string;
  name: string;
  config: unknown;
  createdAt: Date;
  updatedAt: Date;
}): ConnectionView {
  return {
    id: row.id,
    type: row.type as ConnectionType,
    name: row.name,
    config: (row.config ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
