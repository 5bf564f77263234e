import { randomFillSync } from 'node:crypto';

// UUIDv7 (RFC 9562): 48-bit millisecond time, then random bits. Rows inserted
// with raw SQL (ingest, the engine, the CRM) get ids in the same format Prisma
// uses for @default(uuid(7)); time order keeps indexes append-mostly and makes
// "ORDER BY id" creation order.
// Random bytes come from a pool refilled 256 ids at a time (one call into the
// CSPRNG instead of one per id, as crypto.randomUUID does).

const pool = Buffer.alloc(16 * 256);
let offset = pool.length;

export function uuid7(nowMs = Date.now()): string {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const b = Buffer.from(pool.subarray(offset, offset + 16));
  offset += 16;
  b.writeUIntBE(nowMs, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
