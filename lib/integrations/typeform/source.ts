import { defineSource, type SourceFieldValue } from '../define';
import { guessContact } from '../webhook/contact-guess';
import { at, FieldBag, fieldValue, isObject, MAX_FIELDS, scalarText } from '../webhook/field-values';

// Typeform sends `form_response.answers[]`, each pointing at a question of
// `form_response.definition.fields[]` by `field.id` (or `field.ref`); the
// question's `title` is its label. An answer holds its value under its own
// type's name (`email`, `text`, `choice.label`, `choices.labels`, …).

function answerValue(answer: Record<string, unknown>): SourceFieldValue | null {
  const type = typeof answer.type === 'string' ? answer.type : '';
  const v = answer[type];
  if (type === 'choice' && isObject(v)) return scalarText(v.label) ?? scalarText(v.other);
  if (type === 'choices' && isObject(v)) {
    const labels = Array.isArray(v.labels) ? v.labels : [];
    return [...labels, v.other].map(scalarText).filter((x): x is string => x !== null);
  }
  if (type === 'payment' && isObject(v)) return scalarText(v.amount);
  return fieldValue(v);
}

/** The answers with their questions' titles, in the order sent; null when the body is not a form response. */
function labelledAnswers(body: unknown) {
  const response = at(body, 'form_response');
  if (!isObject(response)) return null;
  const defs = at(response, 'definition.fields');
  const titles = new Map<string, string>();
  if (Array.isArray(defs)) {
    for (const d of defs.slice(0, MAX_FIELDS)) {
      if (!isObject(d) || typeof d.title !== 'string') continue;
      if (typeof d.id === 'string') titles.set(`id:${d.id}`, d.title);
      if (typeof d.ref === 'string') titles.set(`ref:${d.ref}`, d.title);
    }
  }
  const answers = Array.isArray(response.answers) ? response.answers.slice(0, MAX_FIELDS) : [];
  return answers.filter(isObject).flatMap((a) => {
    if (!isObject(a.field)) return [];
    const f = a.field;
    const label =
      titles.get(`id:${String(f.id)}`) ?? titles.get(`ref:${String(f.ref)}`) ?? scalarText(f.ref) ?? scalarText(f.id);
    return [{ label, value: answerValue(a), type: a.type }];
  });
}

export const typeformSource = defineSource({
  id: 'typeform',
  label: 'Typeform',
  description: 'Form responses from Typeform, signed with your secret.',
  icon: 'form',
  trigger: 'trigger.webhook',
  secretFrom: 'you',
  preset: { signature: { scheme: 'typeform', secret: '' } },
  setup: [
    'In Typeform, open your form → Connect → Webhooks → Add a webhook.',
    'Paste this URL as the endpoint: {url}',
    'Click Edit on the webhook, turn on “Secret” and paste the secret shown here (Copy secret).',
    'Turn the webhook on and use “View deliveries → Send test request” to capture a sample.',
  ],
  dedupe: { path: 'form_response.token' },
  fields: ({ body }) => {
    const answers = labelledAnswers(body);
    if (!answers) return null;
    const bag = new FieldBag();
    for (const a of answers) bag.add(a.label, a.value);
    return bag.result();
  },
  // An answer of type `email` is the address, whatever its question says.
  contact: ({ body }) =>
    guessContact(
      (labelledAnswers(body) ?? []).map((a) => ({
        label: a.label ?? '',
        value: a.value,
        kind: a.type === 'email' ? ('email' as const) : undefined,
      })),
    ),
});
