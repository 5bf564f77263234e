import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { db } from '../db';
import { appSecret, env } from '../env';
import { sendInstanceMail } from '../mail/instance-mail';
import { ensureWorkspaceForUser } from './workspace';

// better-auth owns sign-up, sign-in, sessions and password reset: scrypt
// password hashes (memory-hard), signed httpOnly SameSite=Lax session cookies
// (Secure when APP_URL is https), Origin checks on its mutations, and a rate
// limiter stored in PostgreSQL so every web instance shares it.
// Email addresses are verified before the instance mails them anything else
// (failure alerts): sign-up mails a verification link (to the log without
// SMTP_URL, like password reset). A reset link is mailed only to an address
// that asked for it, and following it proves the address too, so a reset
// also marks it verified. Users made by the CLI are verified: the operator
// vouches for them.

function createAuth() {
  const appUrl = env().APP_URL;
  return betterAuth({
    appName: 'Switchboard',
    baseURL: appUrl,
    secret: appSecret(),
    trustedOrigins: [appUrl],
    database: prismaAdapter(db, { provider: 'postgresql' }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      autoSignIn: true,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      sendResetPassword: async ({ user, url }) => {
        await sendInstanceMail({
          to: user.email,
          subject: 'Reset your Switchboard password',
          text: `Someone asked to reset the password of your Switchboard account.\n\nOpen this link within an hour to choose a new one:\n${url}\n\nIf it was not you, ignore this message.`,
        });
      },
      onPasswordReset: async ({ user }) => {
        await db.user.update({ where: { id: user.id }, data: { emailVerified: true }, select: { id: true } });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 60 * 60 * 24 * 3,
      sendVerificationEmail: async ({ user, url }, request) => {
        // Without a request it is a server-side sign-up (the CLI), which marks the user verified itself.
        if (!request || user.emailVerified) return;
        await sendInstanceMail({
          to: user.email,
          subject: 'Confirm your email address for Switchboard',
          text: `Open this link to confirm that this address is yours:\n${url}\n\nUntil then Switchboard sends it nothing else (no failure alerts). If you did not sign up, ignore this message.`,
        });
      },
    },
    // Which workspace a member of several works in (lib/auth/workspace.ts); read with the session.
    user: { additionalFields: { activeWorkspaceId: { type: 'string', required: false, input: false } } },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: 'database',
      modelName: 'rateLimit',
      window: 60,
      max: 100,
      customRules: {
        '/sign-in/email': { window: 60, max: 10 },
        '/sign-up/email': { window: 60, max: 10 },
        '/request-password-reset': { window: 300, max: 5 },
        '/send-verification-email': { window: 300, max: 5 },
      },
    },
    advanced: { useSecureCookies: appUrl.startsWith('https:'), cookiePrefix: 'switchboard' },
    databaseHooks: {
      user: {
        create: {
          after: async (user) => {
            await ensureWorkspaceForUser(user.id, user.name);
          },
        },
      },
    },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { __switchboardAuth?: Auth };

export function auth(): Auth {
  return (globalForAuth.__switchboardAuth ??= createAuth());
}
