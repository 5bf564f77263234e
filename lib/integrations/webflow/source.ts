import { defineSource } from '../define';
import { at, FieldBag, fieldValue, isObject, MAX_FIELDS } from '../webhook/field-values';

// Webflow's form_submission webhook: `{triggerType, payload: {name, siteId,
// data: {<field name>: <value>}, submittedAt, id, formId}}`. Webhooks made in
// the site settings are unsigned; the older shape had `data` and `_id` at the top.

export const webflowSource = defineSource({
  id: 'webflow',
  label: 'Webflow',
  description: 'Form submissions from a Webflow site.',
  icon: 'form',
  trigger: 'trigger.webhook',
  setup: [
    'In Webflow, open Site settings → Apps & integrations → Webhooks → Add webhook.',
    'Choose the trigger type “Form submission” and paste this URL: {url}',
    'Publish the site and submit the form once to capture a sample.',
    'Webhooks added in site settings are not signed: keep this URL private, and rotate it if it leaks.',
  ],
  dedupe: { path: 'payload.id' },
  fields: ({ body }) => {
    const data = at(body, 'payload.data') ?? at(body, 'data');
    if (!isObject(data)) return null;
    const bag = new FieldBag();
    for (const [name, v] of Object.entries(data).slice(0, MAX_FIELDS)) bag.add(name, fieldValue(v));
    return bag.result();
  },
});
