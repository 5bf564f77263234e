import { randomBytes } from 'node:crypto';

/** A time-ordered UUID (RFC 9562 v7), like Prisma's uuid(7) default, for rows inserted with raw SQL. */
export function uuidv7(now = Date.now()): string {
  const b = randomBytes(16);
  let ts = now;
  for (let i = 5; i >= 0; i--) {
    b[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
