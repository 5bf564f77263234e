import { defineSource } from '../define';
import { at, FieldBag, fieldValue, isObject, MAX_FIELDS } from '../webhook/field-values';

// Webflow's form_submission webhook: `{triggerType, payload: {name, siteId,
// data: {<field name>: <value>}, schema, submittedAt, id, formId}}`; `payload.id`
// is the submission's id. Webhooks added in the site settings are unsigned; one
// made through the API with a site token comes with its own `secretKey`, and
// one made by an OAuth app is signed with the app's client secret: either,
// pasted here, turns on the `webflow` check (lib/ingest/webflow-signature.ts).
// The older (v1) shape had `data` and `_id` at the top.

export const webflowSource = defineSource({
  id: 'webflow',
  label: 'Webflow',
  description: 'Form submissions from a Webflow site.',
  icon: 'form',
  trigger: 'trigger.webhook',
  secretFrom: 'sender',
  preset: { signature: { scheme: 'webflow', secret: '' } },
  setup: [
    'In Webflow, open Site settings → Apps & integrations → Webhooks → Add webhook, choose the trigger type “Form submission” and paste this URL: {url}',
    'Webhooks added there are not signed: leave “Signing secret” empty, keep this URL private, and rotate it if it leaks.',
    'For signed deliveries, create the webhook through Webflow’s API with a site token instead (POST /v2/sites/{site_id}/webhooks, triggerType “form_submission”) and paste the “secretKey” it answers into “Signing secret” here (an OAuth app’s webhooks: its client secret).',
    'Publish the site and submit the form once to capture a sample.',
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
