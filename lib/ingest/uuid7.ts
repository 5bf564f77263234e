import { randomBytes } from 'node:crypto';

// UUIDv7 (RFC 9562): 48-bit millisecond time, then random bits. The hot ingest
// path inserts with raw SQL, so it makes its own ids in the same format Prisma
// uses for @default(uuid(7)); time order keeps the event index append-mostly.
export function uuid7(nowMs = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(nowMs, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
