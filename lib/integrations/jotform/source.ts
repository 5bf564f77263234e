import { defineSource } from '../define';
import { guessContact } from '../webhook/contact-guess';
import { FieldBag, fieldValue, isObject, MAX_FIELDS } from '../webhook/field-values';

// Jotform posts multipart form data: `submissionID`, `formID`, `pretty` and
// `rawRequest`, a JSON string whose keys are the fields' unique names with a
// `qN_` prefix (`q3_name: {first, last}`, `q4_email`). The label is the unique
// name without the prefix; a composite answer's parts are joined by a space.

const MAX_RAW = 512 * 1024;

function rawRequest(body: unknown): Record<string, unknown> | null {
  if (!isObject(body)) return null;
  const raw = body.rawRequest;
  if (isObject(raw)) return raw;
  if (typeof raw !== 'string' || raw.length > MAX_RAW) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export const jotformSource = defineSource({
  id: 'jotform',
  label: 'Jotform',
  description: 'Form submissions from Jotform (its webhooks are not signed).',
  icon: 'form',
  trigger: 'trigger.webhook',
  setup: [
    'In Jotform, open your form → Settings → Integrations → search “WebHooks”.',
    'Paste this URL as the webhook URL and click Complete Integration: {url}',
    'Submit the form once to capture a sample.',
    'Jotform does not sign its webhooks: keep this URL private, and rotate it if it leaks.',
  ],
  dedupe: { path: 'submissionID' },
  fields: ({ body }) => {
    const raw = rawRequest(body);
    if (!raw) return null;
    const bag = new FieldBag();
    for (const [key, v] of Object.entries(raw).slice(0, MAX_FIELDS * 2)) {
      const m = /^q\d+_(.+)$/.exec(key);
      if (m) bag.add(m[1], fieldValue(v));
    }
    return bag.result();
  },
  // Jotform's full-name field answers `{first, last}` (its label may be anything).
  contact: ({ body }) => {
    const raw = rawRequest(body);
    if (!raw) return null;
    return guessContact(
      Object.entries(raw)
        .slice(0, MAX_FIELDS * 2)
        .flatMap(([key, v]) => {
          const m = /^q\d+_(.+)$/.exec(key);
          if (!m) return [];
          const isName = isObject(v) && ('first' in v || 'last' in v) && !('addr_line1' in v);
          return [{ label: m[1]!, value: fieldValue(v), kind: isName ? ('name' as const) : undefined }];
        }),
    );
  },
});
