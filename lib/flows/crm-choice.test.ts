import { describe, expect, it } from 'vitest';
import { crmChoiceLabel, swapCrm } from './crm-choice';
import { graphSchema, publishIssues } from './graph';
import { templateIssues } from './template-issues';
import { flowTemplates } from './templates';

describe('choosing the CRM of a template', () => {
  const template = flowTemplates.find((t) => t.id === 'typeform-crm-email')!;
  const builtin = template.graph.nodes.find((n) => n.id === 'lead')!;

  it.each(Object.keys(crmChoiceLabel) as (keyof typeof crmChoiceLabel)[])(
    '%s: a well-formed graph that only lacks connections, mapping the sender',
    (type) => {
      const g = swapCrm(template.graph, 'lead', type, builtin);
      expect(graphSchema.safeParse(g).success).toBe(true);
      expect(templateIssues(g)).toEqual([]);
      const lead = g.nodes.find((n) => n.id === 'lead')!;
      expect(lead.type).toBe(type);
      expect(lead.label).toBe('Save the lead');
      expect(lead.config.email).toBe('{{ trigger.email }}');
      const lacking = publishIssues(g).map((i) => i.path);
      expect(lacking.every((p) => p.endsWith('.config.connection'))).toBe(true);
      expect(lacking.some((p) => p.startsWith(`nodes.1.`))).toBe(type !== 'crm.upsertContact');
    },
  );

  it('switching back restores the template’s own contacts step, tags included', () => {
    const hub = swapCrm(template.graph, 'lead', 'hubspot.upsertContact', builtin);
    const back = swapCrm(hub, 'lead', 'crm.upsertContact', builtin);
    expect(back).toEqual(template.graph);
  });
});
