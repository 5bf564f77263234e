import { z } from 'zod';
import { ROLES } from '../auth/roles';

// Inputs of the members endpoints, shared by the API routes and the Settings forms.

export const roleInput = z.enum(ROLES, { message: 'Choose owner, editor or viewer' });

export const inviteInput = z.object({
  email: z
    .string({ message: 'Enter an email address' })
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'Enter a valid email address' }).max(254, 'Use at most 254 characters')),
  role: roleInput,
});

export const changeRoleInput = z.object({ role: roleInput });

export const acceptInviteInput = z.object({
  token: z.string({ message: 'The invite token is missing' }).min(1, 'The invite token is missing').max(200),
});

export type InviteInput = z.infer<typeof inviteInput>;
