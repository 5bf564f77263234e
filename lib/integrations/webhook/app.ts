import { defineApp } from '../define';
import { webhookSources } from './sources';
import { webhookTrigger } from './trigger';

// The generic trigger: any app that can send a webhook or post a form. The
// trigger presets of DESIGN.md "Sources" (form tools, shops) are its
// `sources`, each a defineSource in its vendor's folder filling in this trigger.
export const webhookApp = defineApp({
  id: 'webhook',
  name: 'Webhook',
  icon: 'webhook',
  steps: [webhookTrigger],
  sources: webhookSources,
});
