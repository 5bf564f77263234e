import { defineSource } from '../define';
import { FieldBag, flatScalars, isObject, scalarText } from '../webhook/field-values';

// Shopify posts the resource itself (an order, a customer), names the topic
// in X-Shopify-Topic and signs the body in X-Shopify-Hmac-Sha256 (base64 HMAC
// with the signing key). Duplicates: Shopify's "Ignore duplicate webhooks"
// names X-Shopify-Event-Id (the same on every delivery of one event); a
// delivery without it falls back to X-Shopify-Webhook-Id.

export const shopifySource = defineSource({
  id: 'shopify',
  label: 'Shopify',
  description: 'Orders, customers and other events from a Shopify store, signed with the app’s secret.',
  icon: 'webhook',
  trigger: 'trigger.webhook',
  secretFrom: 'sender',
  preset: {
    signature: { scheme: 'hmac', secret: '', header: 'X-Shopify-Hmac-Sha256', algorithm: 'sha256', encoding: 'base64' },
  },
  setup: [
    'In Shopify admin, open Settings → Notifications → Webhooks → Create webhook.',
    'Choose the event (e.g. Order creation), format JSON, and paste this URL: {url}',
    'Copy the signing key shown under the webhooks list (“Your webhooks will be signed with …”) into “Secret” here.',
    'Click “Send test” to capture a sample.',
  ],
  dedupe: { header: ['x-shopify-event-id', 'x-shopify-webhook-id'] },
  fields: ({ body, headers }) => {
    if (!isObject(body)) return null;
    const bag = new FieldBag();
    bag.add('topic', scalarText(headers['x-shopify-topic']));
    flatScalars(body, bag);
    return bag.result();
  },
});
