import { db } from '../db';

/** A user by email (case-insensitive, as better-auth stores emails lowercased). */
export async function findUserByEmail(email: string): Promise<{ id: string; name: string; email: string } | null> {
  return db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, name: true, email: true },
  });
}
