import { describe, expect, it } from 'vitest';
import { graphSchema, publishIssues } from './graph';
import { flowTemplates } from './templates';

describe('flow templates', () => {
  it.each(flowTemplates.map((t) => [t.name, t] as const))(
    '%s is a well-formed graph that only lacks a connection',
    (_name, t) => {
      expect(graphSchema.safeParse(t.graph).success).toBe(true);
      const issues = publishIssues(t.graph);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.every((i) => i.path.endsWith('.config.connection'))).toBe(true);
    },
  );
});
