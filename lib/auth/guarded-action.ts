import { AppError } from '../errors';
import { getCurrentUser, type CurrentUser } from './current-user';
import { atLeast, roleLabel, type Role } from './roles';

// The one way a server action is written ('use server' files export only
// `guardedAction(...)` results; tests/integration/role-probes.test.ts checks
// every such file). It resolves the signed-in person and their workspace,
// checks the role before anything runs, and answers a refusal as a value —
// server actions cannot carry an HTTP status, and Next hides thrown messages
// in production — shaped like the API's JSON error.

export type ActionRefusal = { error: { code: 'unauthorized' | 'forbidden'; message: string } };

const GUARDED = Symbol.for('switchboard.guardedAction');

/**
 * `refused` maps a refusal to what the action's callers expect instead (e.g.
 * null for a polled read); by default the refusal itself is answered.
 */
export function guardedAction<A extends unknown[], R, F = ActionRefusal>(
  role: Role,
  fn: (user: CurrentUser, ...args: A) => Promise<R>,
  refused?: (refusal: ActionRefusal) => F,
): (...args: A) => Promise<R | F> {
  const answer = (r: ActionRefusal) => (refused ? refused(r) : (r as F));
  const action = async (...args: A): Promise<R | F> => {
    const user = await getCurrentUser();
    if (!user) return answer({ error: { code: 'unauthorized', message: 'Sign in first.' } });
    if (!atLeast(user.role, role)) {
      return answer({
        error: {
          code: 'forbidden',
          message: `This needs the ${roleLabel[role].toLowerCase()} role; you are ${user.role === 'viewer' ? 'a' : 'an'} ${roleLabel[user.role].toLowerCase()}.`,
        },
      });
    }
    try {
      return await fn(user, ...args);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'forbidden' || err.code === 'unauthorized')) {
        return answer({ error: { code: err.code, message: err.message } });
      }
      throw err;
    }
  };
  Object.defineProperty(action, GUARDED, { value: role });
  return action;
}

/** The role a guarded action needs, or undefined for a function not made by guardedAction. */
export const guardedRole = (fn: unknown): Role | undefined =>
  typeof fn === 'function' ? (fn as unknown as Record<symbol, Role | undefined>)[GUARDED] : undefined;

export const isRefusal = (v: unknown): v is ActionRefusal =>
  !!v && typeof v === 'object' && 'error' in v && !!(v as ActionRefusal).error?.code;
