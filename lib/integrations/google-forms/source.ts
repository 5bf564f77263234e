import { defineSource } from '../define';
import { at, FieldBag, fieldValue, isObject, MAX_FIELDS } from '../webhook/field-values';

// Google Forms has no webhooks: a short Apps Script bound to the form posts
// each response as `{formId, responseId, submittedAt, respondentEmail,
// answers: {<item title>: <answer>}}` with the flow's secret in a header.

export const GOOGLE_FORMS_SECRET_HEADER = 'X-Switchboard-Secret';

export const googleFormsSnippet = `// Switchboard: posts each response of this form to your flow.
const SWITCHBOARD_URL = '{url}';
const SWITCHBOARD_SECRET = '{secret}';

function onFormSubmit(e) {
  const response = e.response;
  const answers = {};
  response.getItemResponses().forEach(function (r) {
    answers[r.getItem().getTitle()] = r.getResponse();
  });
  UrlFetchApp.fetch(SWITCHBOARD_URL, {
    method: 'post',
    contentType: 'application/json',
    headers: { '${GOOGLE_FORMS_SECRET_HEADER}': SWITCHBOARD_SECRET },
    payload: JSON.stringify({
      formId: e.source.getId(),
      responseId: response.getId(),
      submittedAt: response.getTimestamp().toISOString(),
      respondentEmail: response.getRespondentEmail(),
      answers: answers,
    }),
    muteHttpExceptions: true,
  });
}
`;

export const googleFormsSource = defineSource({
  id: 'google-forms',
  label: 'Google Forms',
  description: 'Responses from a Google Form, sent by a short Apps Script you paste into the form.',
  icon: 'form',
  trigger: 'trigger.webhook',
  secretFrom: 'you',
  preset: { signature: { scheme: 'shared-secret', header: GOOGLE_FORMS_SECRET_HEADER, secret: '' } },
  setup: [
    'Type a long random secret into “Secret” here first: the script below sends it with every response.',
    'In Google Forms, open your form → ⋮ (More) → Apps Script.',
    'Replace the editor’s content with the script below and save.',
    'In Apps Script, open Triggers (the clock) → Add trigger → function onFormSubmit, event source “From form”, event type “On form submit” → Save, and allow access.',
    'Submit the form once to capture a sample.',
  ],
  snippet: googleFormsSnippet,
  dedupe: { path: 'responseId' },
  fields: ({ body }) => {
    const answers = at(body, 'answers');
    if (!isObject(answers)) return null;
    const bag = new FieldBag();
    for (const [title, v] of Object.entries(answers).slice(0, MAX_FIELDS)) bag.add(title, fieldValue(v));
    return bag.result();
  },
});
