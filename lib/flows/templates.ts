import type { FlowGraph } from './graph';

// Starting points offered on the empty Flows page and by "New flow". Each
// names its sender (the trigger's source preset) and maps the person through
// `trigger.email` / `trigger.name` (lib/integrations/webhook/contact-guess.ts),
// so it works whatever the form's questions are called and nobody types a
// `{{ }}`. The CRM is the built-in contacts step (no connection needed); what
// is left is each step's connection, and the secret the sender shares —
// lib/flows/instantiate-template.ts fills in what it can when a flow is made.

export type FlowTemplate = {
  id: string;
  name: string;
  description: string;
  /** Shown on the empty Flows page (the story's templates); the others only under "New flow". */
  featured?: boolean;
  graph: FlowGraph;
};

const thanks = {
  subject: 'Thanks, {{ trigger.name | default: "and welcome" }}',
  text: 'Hi {{ trigger.name | default: "there" }},\n\nThanks for getting in touch. We got your message and will reply soon.',
};

/** A form tool's submission → contact (tagged with the tool) → acknowledgement email to the person. */
function formToCrmAndEmail(opts: {
  id: string;
  name: string;
  description: string;
  source?: string;
  tag: string;
  triggerLabel: string;
}): FlowTemplate {
  return {
    id: opts.id,
    name: opts.name,
    description: opts.description,
    featured: true,
    graph: {
      nodes: [
        {
          id: 'trigger',
          type: 'trigger.webhook',
          label: opts.triggerLabel,
          config: opts.source ? { source: opts.source } : {},
          position: { x: 0, y: 0 },
        },
        {
          id: 'lead',
          type: 'crm.upsertContact',
          label: 'Save the lead',
          config: { email: '{{ trigger.email }}', name: '{{ trigger.name }}', tags: opts.tag },
          position: { x: 0, y: 160 },
        },
        {
          id: 'ack',
          type: 'email.send',
          label: 'Thank the customer',
          config: { to: '{{ trigger.email }}', ...thanks },
          position: { x: 0, y: 320 },
        },
      ],
      edges: [
        { source: 'trigger', target: 'lead' },
        { source: 'lead', target: 'ack' },
      ],
    },
  };
}

export const flowTemplates: FlowTemplate[] = [
  formToCrmAndEmail({
    id: 'typeform-crm-email',
    name: 'Typeform → CRM + acknowledgement email',
    description: 'Each Typeform response becomes a contact, and the person gets a thank-you email.',
    source: 'typeform',
    tag: 'typeform',
    triggerLabel: 'Typeform response',
  }),
  formToCrmAndEmail({
    id: 'tally-crm-email',
    name: 'Tally → CRM + acknowledgement email',
    description: 'Each Tally submission becomes a contact, and the person gets a thank-you email.',
    source: 'tally',
    tag: 'tally',
    triggerLabel: 'Tally submission',
  }),
  formToCrmAndEmail({
    id: 'jotform-crm-email',
    name: 'Jotform → CRM + acknowledgement email',
    description: 'Each Jotform submission becomes a contact, and the person gets a thank-you email.',
    source: 'jotform',
    tag: 'jotform',
    triggerLabel: 'Jotform submission',
  }),
  // The plain HTML form on your own site (<form method="post" action="…">, inputs named email and name).
  formToCrmAndEmail({
    id: 'form-crm-email',
    name: 'Website form → CRM lead + acknowledgement email',
    description: 'A plain HTML form on your site: each submission becomes a contact and gets a thank-you email.',
    tag: 'website',
    triggerLabel: 'Website form',
  }),
  {
    id: 'stripe-crm-slack',
    name: 'Stripe payment → CRM + Slack',
    description: 'Each paid Stripe checkout adds the customer to your contacts and tells your team in Slack.',
    featured: true,
    graph: {
      nodes: [
        {
          id: 'trigger',
          type: 'trigger.webhook',
          label: 'Stripe payment',
          config: { source: 'stripe' },
          position: { x: 0, y: 0 },
        },
        {
          id: 'lead',
          type: 'crm.upsertContact',
          label: 'Save the customer',
          config: { email: '{{ trigger.email }}', name: '{{ trigger.name }}', tags: 'customer' },
          position: { x: 0, y: 160 },
        },
        {
          id: 'alert',
          type: 'slack.postMessage',
          label: 'Tell the team',
          config: {
            text: 'New payment from {{ trigger.name | default: trigger.email }} <{{ trigger.email }}>: {{ trigger.body.data.object.amount_total | default: trigger.body.data.object.amount | divided_by: 100.0 }} {{ trigger.body.data.object.currency | upcase }}',
          },
          position: { x: 0, y: 320 },
        },
      ],
      edges: [
        { source: 'trigger', target: 'lead' },
        { source: 'lead', target: 'alert' },
      ],
    },
  },
  {
    id: 'form-crm-slack',
    name: 'Form → CRM + Slack alert',
    description: 'Adds each submission to your contacts and tells your team in Slack.',
    graph: {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', label: 'Form', config: {}, position: { x: 0, y: 0 } },
        {
          id: 'lead',
          type: 'crm.upsertContact',
          label: 'Save the lead',
          config: { email: '{{ trigger.email }}', name: '{{ trigger.name }}' },
          position: { x: 0, y: 160 },
        },
        {
          id: 'alert',
          type: 'slack.postMessage',
          label: 'Alert the team',
          config: { text: 'New lead: {{ trigger.name }} <{{ trigger.email }}>' },
          position: { x: 0, y: 320 },
        },
      ],
      edges: [
        { source: 'trigger', target: 'lead' },
        { source: 'lead', target: 'alert' },
      ],
    },
  },
];

export const templateById = (id: string) => flowTemplates.find((t) => t.id === id);
