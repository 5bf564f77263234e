'use client';

import { createContext, useContext } from 'react';
import { atLeast, type Role } from '@/lib/auth/roles';

// The signed-in person's role in the current workspace, given by the (app)
// layout, so client components can hide what the role cannot use. The server
// enforces roles on its own (apiRoute, guardedAction); hiding is for people.

const RoleContext = createContext<Role>('viewer');

export function RoleProvider({ role, children }: { role: Role; children: React.ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

export const useRole = () => useContext(RoleContext);

/** Whether the current person has at least `min`. */
export const useCan = (min: Role) => atLeast(useContext(RoleContext), min);

/** Renders its children only for people with at least `min` (default editor). */
export function Can({ role = 'editor', children }: { role?: Role; children: React.ReactNode }) {
  return useCan(role) ? <>{children}</> : null;
}
