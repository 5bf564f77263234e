import type { FlowGraph } from './graph';

// Starting points offered by "New flow". Connections are left for the person
// to choose (the editor flags them before publishing).

export type FlowTemplate = { id: string; name: string; description: string; graph: FlowGraph };

export const flowTemplates: FlowTemplate[] = [
  {
    id: 'form-crm-email',
    name: 'Website form → CRM lead + acknowledgement email',
    description: 'Adds each form submission to your contacts and emails the person a thank-you.',
    graph: {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', label: 'Website form', config: {}, position: { x: 0, y: 0 } },
        {
          id: 'lead',
          type: 'crm.upsertContact',
          label: 'Save the lead',
          config: { email: '{{ trigger.body.email }}', name: '{{ trigger.body.name }}', tags: 'website' },
          position: { x: 0, y: 160 },
        },
        {
          id: 'ack',
          type: 'email.send',
          label: 'Thank the customer',
          config: {
            to: '{{ trigger.body.email }}',
            subject: 'Thanks, {{ trigger.body.name }}',
            text: 'Hi {{ trigger.body.name }},\n\nThanks for getting in touch. We got your message and will reply soon.',
          },
          position: { x: 0, y: 320 },
        },
      ],
      edges: [
        { source: 'trigger', target: 'lead' },
        { source: 'lead', target: 'ack' },
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
          config: { email: '{{ trigger.body.email }}', name: '{{ trigger.body.name }}' },
          position: { x: 0, y: 160 },
        },
        {
          id: 'alert',
          type: 'slack.postMessage',
          label: 'Alert the team',
          config: { text: 'New lead: {{ trigger.body.name }} <{{ trigger.body.email }}>' },
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
