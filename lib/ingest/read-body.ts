// Reads a request body into memory, counting bytes as they arrive and giving
// up as soon as the cap is passed, so an oversized upload costs at most the
// cap in memory and is answered 413 without waiting for the rest.

export type BodyRead = { ok: true; raw: Buffer } | { ok: false; tooLarge: true };

export async function readBody(stream: AsyncIterable<Uint8Array> | null | undefined, maxBytes: number): Promise<BodyRead> {
  if (!stream) return { ok: true, raw: Buffer.alloc(0) };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    // Returning from for-await cancels the stream.
    if (size > maxBytes) return { ok: false, tooLarge: true };
    chunks.push(chunk);
  }
  return { ok: true, raw: chunks.length === 1 ? Buffer.from(chunks[0]!.buffer, chunks[0]!.byteOffset, chunks[0]!.byteLength) : Buffer.concat(chunks) };
}
