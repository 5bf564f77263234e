import { createApiKeyInput } from '../../auth/api-key-input';
import { CliFailure, UsageError, type CliCommand } from '../command';
import { stringOption } from '../parse-args';

export const apikeyCreate: CliCommand = {
  name: 'apikey:create',
  summary: "Create an API key for a user's workspace (printed once, on the last line)",
  needsDatabase: true,
  options: {
    email: { usage: '--email E', description: 'Email of an existing user', required: true },
    name: { usage: '--name N', description: 'A name to recognise the key by in Settings (default "CLI")' },
  },
  async run(args, io) {
    const email = stringOption(args, 'email')!;
    const parsed = createApiKeyInput.safeParse({ name: stringOption(args, 'name') ?? 'CLI' });
    if (!parsed.success) throw new UsageError(`--name: ${parsed.error.issues[0]!.message}`);

    const { findUserByEmail } = await import('../../auth/find-user');
    const { ensureWorkspaceForUser } = await import('../../auth/workspace');
    const { createApiKey } = await import('../../auth/api-keys');
    const user = await findUserByEmail(email);
    if (!user)
      throw new CliFailure(
        `no user with email ${email} (create one with: npm run cli -- user:create --email ${email} --password ...)`,
      );
    const workspaceId = await ensureWorkspaceForUser(user.id, user.name);
    const key = await createApiKey({ workspaceId, userId: user.id, name: parsed.data.name });
    io.out(`Created API key "${key.name}" (${key.prefix}…, id ${key.id}) for ${user.email}, workspace ${workspaceId}.`);
    io.out('Store it now: it is not shown again. Use it as "Authorization: Bearer <key>".');
    // Scripts read the key from the last line.
    io.out(key.key);
  },
};
