import { cleanString, pairsToObject, sanitizeJson, TooComplexError } from './safe-value';

// Turns the raw bytes of a webhook into the event's `body`, following the
// Content-Type: JSON, form-urlencoded, multipart (fields; files recorded as
// name/type/size, their bytes are not kept), text/*; anything else is kept as
// a base64 string. The raw bytes stay with the caller for signature checks.

export type ParsedBody = { ok: true; body: unknown } | { ok: false; reason: string };

export type UploadedFile = { filename: string; type: string; size: number };

const mediaType = (contentType: string | null | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

export const isJsonType = (type: string) => type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);

export async function parseBody(raw: Buffer, contentType: string | null | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { ok: true, body: null };
  const type = mediaType(contentType);
  try {
    if (isJsonType(type)) return parseJson(raw);
    if (type === 'application/x-www-form-urlencoded') {
      return { ok: true, body: pairsToObject(new URLSearchParams(raw.toString('utf8'))) };
    }
    if (type === 'multipart/form-data') return await parseMultipart(raw, contentType!);
    if (type.startsWith('text/')) return { ok: true, body: cleanString(raw.toString('utf8')) };
    return { ok: true, body: raw.toString('base64') };
  } catch (err) {
    if (err instanceof TooComplexError) return { ok: false, reason: `The body is too complex: ${err.message}.` };
    // Whatever else a parser trips over is the body's fault, answered 400 — never a 500.
    return { ok: false, reason: `The body could not be parsed as ${type || 'its content type'}.` };
  }
}

function parseJson(raw: Buffer): ParsedBody {
  let value: unknown;
  try {
    // V8's JSON parser is iterative, so deep nesting cannot overflow the stack
    // here; sanitizeJson then refuses it.
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, reason: 'The body is not valid JSON (Content-Type says application/json).' };
  }
  return { ok: true, body: sanitizeJson(value) };
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw) as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': contentType },
    }).formData();
  } catch {
    return { ok: false, reason: 'The body is not valid multipart/form-data.' };
  }
  const pairs: [string, unknown][] = [];
  for (const [name, value] of form) {
    if (typeof value === 'string') pairs.push([name, value]);
    // File names and types are the sender's text too: cleaned like every other string.
    else
      pairs.push([
        name,
        {
          filename: cleanString(value.name),
          type: cleanString(value.type) || 'application/octet-stream',
          size: value.size,
        } satisfies UploadedFile,
      ]);
  }
  return { ok: true, body: pairsToObject(pairs) };
}

/** The query string as an object (repeated names become arrays). */
export function parseQuery(search: string | URLSearchParams): Record<string, unknown> {
  return pairsToObject(typeof search === 'string' ? new URLSearchParams(search) : search);
}
