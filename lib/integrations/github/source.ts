import { defineSource } from '../define';
import { at, FieldBag, isObject, scalarText } from '../webhook/field-values';

// GitHub names the event in X-GitHub-Event, the delivery in
// X-GitHub-Delivery (kept on a redelivery) and signs the body in
// X-Hub-Signature-256 (`sha256=<hex>`).

export const githubSource = defineSource({
  id: 'github',
  label: 'GitHub',
  description: 'Repository and organisation events from GitHub, signed with the webhook’s secret.',
  icon: 'webhook',
  trigger: 'trigger.webhook',
  secretFrom: 'you',
  preset: {
    signature: {
      scheme: 'hmac',
      secret: '',
      header: 'X-Hub-Signature-256',
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: 'sha256=',
    },
  },
  setup: [
    'In GitHub, open the repository (or organisation) → Settings → Webhooks → Add webhook.',
    'Paste this URL as the Payload URL and choose Content type “application/json”: {url}',
    'Type a long random secret into “Secret” there and paste the same secret into “Secret” here.',
    'Save: GitHub sends a “ping” event, which is captured as the sample.',
  ],
  dedupe: { header: 'x-github-delivery' },
  fields: ({ body, headers }) => {
    if (!isObject(body)) return null;
    const bag = new FieldBag();
    bag.add('event', scalarText(headers['x-github-event']));
    bag.add('action', scalarText(body.action));
    bag.add('repository', scalarText(at(body, 'repository.full_name')));
    bag.add('sender', scalarText(at(body, 'sender.login')));
    return bag.result();
  },
});
