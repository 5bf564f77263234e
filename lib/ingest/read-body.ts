// Reads a request body into memory, counting bytes as they arrive. Past the cap
// nothing more is kept: the rest is read and dropped (up to DRAIN_BYTES more) so
// a sender still uploading receives its 413 rather than a broken connection;
// a sender that goes on beyond that is cut off. Memory stays bounded by the cap.

export type BodyRead = { ok: true; raw: Buffer } | { ok: false; tooLarge: true };

const DRAIN_BYTES = 8 * 1024 * 1024;

export async function readBody(
  stream: AsyncIterable<Uint8Array> | null | undefined,
  maxBytes: number,
): Promise<BodyRead> {
  if (!stream) return { ok: true, raw: Buffer.alloc(0) };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size <= maxBytes) chunks.push(chunk);
    // Returning from for-await cancels the stream (and closes the connection).
    else if (size > maxBytes + DRAIN_BYTES) break;
  }
  if (size > maxBytes) return { ok: false, tooLarge: true };
  return {
    ok: true,
    raw:
      chunks.length === 1
        ? Buffer.from(chunks[0]!.buffer, chunks[0]!.byteOffset, chunks[0]!.byteLength)
        : Buffer.concat(chunks),
  };
}
