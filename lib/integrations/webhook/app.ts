import { defineApp } from '../define';
import { webhookTrigger } from './trigger';

// The generic trigger: any app that can send a webhook or post a form. The
// trigger presets of DESIGN.md "Sources" (form tools, shops) will be its
// `sources`, each a defineSource filling in this trigger.
export const webhookApp = defineApp({
  id: 'webhook',
  name: 'Webhook',
  icon: 'webhook',
  steps: [webhookTrigger],
  sources: [],
});
