import { z } from 'zod';
import { CliFailure, UsageError, type CliCommand } from '../command';
import { stringOption } from '../parse-args';

const input = z.object({
  email: z.email('--email must be an email address'),
  password: z
    .string()
    .min(8, '--password must have at least 8 characters')
    .max(128, '--password must have at most 128 characters'),
  name: z.string().trim().min(1, '--name must not be empty').max(100).optional(),
});

export const userCreate: CliCommand = {
  name: 'user:create',
  summary: 'Create a user and their workspace',
  needsDatabase: true,
  options: {
    email: { usage: '--email E', description: 'Email address to sign in with', required: true },
    password: { usage: '--password P', description: 'Password (at least 8 characters)', required: true },
    name: { usage: '--name N', description: 'Display name (default: the part of the email before @)' },
  },
  async run(args, io) {
    const parsed = input.safeParse({
      email: stringOption(args, 'email'),
      password: stringOption(args, 'password'),
      name: stringOption(args, 'name'),
    });
    if (!parsed.success) throw new UsageError(parsed.error.issues[0]!.message);
    const { email, password } = parsed.data;
    const name = parsed.data.name ?? email.split('@')[0]!;

    // Through better-auth's own sign-up, so the password hash and the
    // workspace (its user-created hook) are exactly what the web sign-up makes.
    const { auth } = await import('../../auth/auth');
    const { ensureWorkspaceForUser } = await import('../../auth/workspace');
    const { db } = await import('../../db');
    let userId: string;
    try {
      const res = await auth().api.signUpEmail({ body: { email, password, name } });
      userId = res.user.id;
    } catch (err) {
      const e = err as { body?: { code?: string; message?: string }; message?: string };
      if (e.body?.code?.startsWith('USER_ALREADY_EXISTS'))
        throw new CliFailure(`a user with email ${email} already exists`);
      if (e.body?.message) throw new CliFailure(`could not create the user: ${e.body.message}`);
      throw err;
    }
    // The operator made this user: its address counts as verified (no verification mail).
    await db.user.update({ where: { id: userId }, data: { emailVerified: true }, select: { id: true } });
    const workspaceId = await ensureWorkspaceForUser(userId, name);
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { name: true } });
    io.out(`Created user ${email} (id ${userId}) with workspace "${workspace.name}" (id ${workspaceId}).`);
  },
};
