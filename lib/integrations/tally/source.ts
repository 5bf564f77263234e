import { defineSource, type SourceFieldValue } from '../define';
import { guessContact } from '../webhook/contact-guess';
import { at, FieldBag, fieldValue, isObject, MAX_FIELDS, MAX_LIST, scalarText } from '../webhook/field-values';

// Tally sends `data.fields[]`, each with its `label` and `value`. Choice
// questions send the chosen options' ids, named in the field's `options[]`;
// file uploads send objects with a `url`.

function value(field: Record<string, unknown>): SourceFieldValue | null {
  const v = field.value;
  const options = Array.isArray(field.options) ? field.options : null;
  if (options && (Array.isArray(v) || typeof v === 'string')) {
    const text = new Map<string, string>();
    for (const o of options.slice(0, MAX_LIST)) if (isObject(o)) text.set(String(o.id), String(o.text ?? o.id));
    const ids = (Array.isArray(v) ? v : [v]).slice(0, MAX_LIST);
    return ids.map((id) => text.get(String(id)) ?? scalarText(id)).filter((x): x is string => x !== null);
  }
  if (Array.isArray(v) && v.some((x) => isObject(x) && 'url' in x)) {
    return v
      .slice(0, MAX_LIST)
      .map((x) => (isObject(x) ? scalarText(x.url) : null))
      .filter((x): x is string => !!x);
  }
  return fieldValue(v);
}

export const tallySource = defineSource({
  id: 'tally',
  label: 'Tally',
  description: 'Form submissions from Tally, signed with your signing secret.',
  icon: 'form',
  trigger: 'trigger.webhook',
  secretFrom: 'you',
  preset: { signature: { scheme: 'tally', secret: '' } },
  setup: [
    'In Tally, open your form → Integrations → Webhooks → Connect.',
    'Paste this URL as the endpoint: {url}',
    'Fill in “Signing secret” with the secret shown here (Copy secret).',
    'Submit the form once (or send a test event) to capture a sample.',
  ],
  dedupe: { path: 'data.responseId' },
  fields: ({ body }) => {
    const fields = at(body, 'data.fields');
    if (!Array.isArray(fields)) return null;
    const bag = new FieldBag();
    for (const f of fields.slice(0, MAX_FIELDS)) if (isObject(f)) bag.add(f.label ?? f.key, value(f));
    return bag.result();
  },
  // A field of type INPUT_EMAIL is the address, whatever its label says.
  contact: ({ body }) => {
    const fields = at(body, 'data.fields');
    if (!Array.isArray(fields)) return null;
    return guessContact(
      fields
        .slice(0, MAX_FIELDS)
        .filter(isObject)
        .map((f) => ({
          label: String(f.label ?? f.key ?? ''),
          value: value(f),
          kind: f.type === 'INPUT_EMAIL' ? ('email' as const) : undefined,
        })),
    );
  },
});
