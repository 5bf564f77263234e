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
  // The customer as the object names them: a Checkout Session's customer_details, a charge's
  // billing_details, an invoice's customer_email, a Customer itself.
  contact: ({ body }) => {
    const o = at(body, 'data.object');
    const first = (...paths: string[]) =>
      paths.map((p) => scalarText(at(o, p))?.trim()).find((v): v is string => !!v) ?? undefined;
    // `name` and `email` of the object itself only when it is the customer (a Product has a name too).
    const own = at(o, 'object') === 'customer' ? ['email', 'name'] : [];
    const email = first(
      'customer_details.email',
      'customer_email',
      'receipt_email',
      'billing_details.email',
      ...own.filter((p) => p === 'email'),
    );
    const name = first(
      'customer_details.name',
      'customer_name',
      'billing_details.name',
      'shipping.name',
      ...own.filter((p) => p === 'name'),
    );
    return { ...(email ? { email } : {}), ...(name ? { name } : {}) };
  },
});
