import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { lastLine, runCli as cli } from '../helpers/run-cli';
import { baseUrl, randomIp } from '../helpers/tenant';

// `npm run cli -- …` against the suite's database, as an operator runs it.

describe('npm run cli', () => {
  // Three CLI processes, each compiling the TypeScript entry: slow on a loaded machine.
  it(
    'user:create makes a user who can sign in, with a workspace; apikey:create prints a working key last',
    { timeout: 150_000 },
    async () => {
      const email = `cli-${randomBytes(5).toString('hex')}@example.test`;
      const password = 'cli password 123';

      const created = await cli(['user:create', '--email', email, '--password', password, '--name', 'Cli Person']);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toContain(`Created user ${email}`);

      const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, name: true } });
      expect(user.name).toBe('Cli Person');
      const membership = await db.membership.findFirstOrThrow({
        where: { userId: user.id },
        select: { workspaceId: true, role: true, workspace: { select: { name: true } } },
      });
      expect(membership).toMatchObject({ role: 'owner', workspace: { name: "Cli Person's workspace" } });

      // The password was hashed by the same code as the web sign-up: it signs in there.
      const signIn = await fetch(`${baseUrl()}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: baseUrl(), 'x-forwarded-for': randomIp() },
        body: JSON.stringify({ email, password }),
      });
      expect(signIn.status).toBe(200);

      const keyed = await cli(['apikey:create', '--email', email, '--name', 'Deploy script']);
      expect(keyed.code, keyed.stderr).toBe(0);
      const key = lastLine(keyed.stdout);
      expect(key).toMatch(/^sb_[A-Za-z0-9_-]{40,}$/);
      expect(keyed.stdout.split('\n').filter((l) => l.includes(key))).toHaveLength(1);

      const res = await fetch(`${baseUrl()}/api/v1/api-keys`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { name: string }[] };
      expect(body.items.map((k) => k.name)).toContain('Deploy script');
      const row = await db.apiKey.findFirstOrThrow({
        where: { name: 'Deploy script', createdById: user.id },
        select: { workspaceId: true },
      });
      expect(row.workspaceId).toBe(membership.workspaceId);
    },
  );

  it('refuses a second user with the same email (exit 1) and bad input (exit 2)', async () => {
    const email = `cli-dupe-${randomBytes(5).toString('hex')}@example.test`;
    expect((await cli(['user:create', '--email', email, '--password', 'password-1'])).code).toBe(0);

    const again = await cli(['user:create', '--email', email, '--password', 'password-2']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`a user with email ${email} already exists`);

    const short = await cli(['user:create', '--email', `x-${email}`, '--password', 'short']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--password must have at least 8 characters');

    const missing = await cli(['user:create', '--password', 'password-3']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--email is required');
    expect(missing.stderr).toContain('Usage: npm run cli -- user:create --email E --password P [--name N]');
  });

  it('apikey:create for an unknown email fails with exit 1 and says how to create the user', async () => {
    const res = await cli(['apikey:create', '--email', 'nobody-here@example.test']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('no user with email nobody-here@example.test');
    expect(res.stdout).not.toMatch(/sb_/);
  });

  it('lists its commands with --help, and an unknown command is a usage error', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('user:create');
    expect(help.stdout).toContain('apikey:create');
    const unknown = await cli(['users:explode']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "users:explode"');
  });

  it('says PostgreSQL cannot be reached (exit 1, no stack trace)', async () => {
    const res = await cli(['apikey:create', '--email', 'a@example.test'], {
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/x',
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Cannot reach PostgreSQL at 127.0.0.1:1');
    expect(res.stderr).not.toMatch(/^\s+at /m);
  });
});
