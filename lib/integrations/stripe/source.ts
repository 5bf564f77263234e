import { defineSource } from '../define';
import { at, FieldBag, flatScalars, scalarText } from '../webhook/field-values';

// Stripe posts an Event: `{id: "evt_…", type, data: {object: {…}}}`, signed
// in Stripe-Signature. Fields: the event's type and id, and the flat parts of
// the object it is about (`amount`, `currency`, `customer_details.email`, …).

export const stripeSource = defineSource({
  id: 'stripe',
  label: 'Stripe',
  description: 'Payments and other events from Stripe, signed with the endpoint’s signing secret.',
  icon: 'webhook',
  trigger: 'trigger.webhook',
  secretFrom: 'sender',
  preset: { signature: { scheme: 'stripe', secret: '' } },
  setup: [
    'In the Stripe Dashboard, open Developers → Webhooks (in Workbench) → Add destination, and choose “Webhook endpoint”.',
    'Paste this URL as the endpoint URL and choose the events to send (e.g. checkout.session.completed): {url}',
    'Open the endpoint, reveal its “Signing secret” (whsec_…) and paste it into “Secret” here.',
    'Send a test event from the endpoint’s page to capture a sample.',
  ],
  dedupe: { path: 'id' },
  fields: ({ body }) => {
    const type = scalarText(at(body, 'type'));
    if (type === null) return null;
    const bag = new FieldBag();
    bag.add('event type', type);
    bag.add('event id', scalarText(at(body, 'id')));
    flatScalars(at(body, 'data.object'), bag);
    return bag.result();
  },
});
