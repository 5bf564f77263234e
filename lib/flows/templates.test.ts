import { describe, expect, it } from 'vitest';
import { graphSchema, publishIssues } from './graph';
import { templateIssues } from './template-issues';
import { flowTemplates } from './templates';

describe('flow templates', () => {
  it.each(flowTemplates.map((t) => [t.name, t] as const))(
    '%s is a well-formed graph that only lacks a connection',
    (_name, t) => {
      expect(graphSchema.safeParse(t.graph).success).toBe(true);
      const issues = publishIssues(t.graph);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.every((i) => i.path.endsWith('.config.connection'))).toBe(true);
      expect(templateIssues(t.graph)).toEqual([]);
    },
  );

  it('the story’s templates name their sender and map the person without a form-specific path', () => {
    const featured = Object.fromEntries(flowTemplates.filter((t) => t.featured).map((t) => [t.id, t.graph]));
    expect(Object.keys(featured).sort()).toEqual(
      ['form-crm-email', 'jotform-crm-email', 'stripe-crm-slack', 'tally-crm-email', 'typeform-crm-email'].sort(),
    );
    const sources = Object.fromEntries(
      Object.entries(featured).map(([id, g]) => [id, g.nodes.find((n) => n.type === 'trigger.webhook')!.config.source]),
    );
    expect(sources).toEqual({
      'typeform-crm-email': 'typeform',
      'tally-crm-email': 'tally',
      'jotform-crm-email': 'jotform',
      'form-crm-email': undefined,
      'stripe-crm-slack': 'stripe',
    });
    for (const g of Object.values(featured)) {
      const lead = g.nodes.find((n) => n.type === 'crm.upsertContact')!;
      expect(lead.config).toMatchObject({ email: '{{ trigger.email }}', name: '{{ trigger.name }}' });
    }
  });
});
