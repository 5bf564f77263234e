import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument } from './build-document';
import { flattenSchema, referenceView, typeLabel } from './reference-view';

describe('API reference view', () => {
  it('flattens nested objects and arrays of objects into dotted field rows with types, required and notes', () => {
    const schema = z.toJSONSchema(
      z.object({
        name: z.string().min(1).max(100),
        tags: z.array(z.string()).optional(),
        retry: z.object({ attempts: z.number().int().min(1).max(20) }).optional(),
        nodes: z.array(z.object({ id: z.uuid(), kind: z.enum(['a', 'b']).default('a') })),
        note: z.string().nullable().describe('Anything'),
      }),
      { io: 'input' },
    ) as never;
    expect(flattenSchema(schema)).toEqual([
      { name: 'name', type: 'string', required: true, notes: 'not empty; at most 100 characters' },
      { name: 'tags', type: 'string[]', required: false, notes: '' },
      { name: 'retry', type: 'object', required: false, notes: '' },
      { name: 'retry.attempts', type: 'integer', required: true, notes: 'minimum 1; maximum 20' },
      { name: 'nodes', type: 'object[]', required: true, notes: '' },
      { name: 'nodes[].id', type: 'string (uuid)', required: true, notes: '' },
      { name: 'nodes[].kind', type: '"a" | "b"', required: false, notes: 'default "a"' },
      { name: 'note', type: 'string | null', required: true, notes: 'Anything' },
    ]);
  });

  it('labels unions, maps and references', () => {
    expect(typeLabel({ anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'integer' } }] })).toBe(
      'string | integer[]',
    );
    expect(typeLabel({ type: 'object', additionalProperties: { type: 'string' } })).toBe('map of string');
    expect(typeLabel({ $ref: '#/components/schemas/Error' })).toBe('Error');
    expect(typeLabel({})).toBe('any');
  });

  it('shows every operation of the OpenAPI document once, grouped by tag, with body fields and success fields', () => {
    const doc = buildOpenApiDocument();
    const groups = referenceView(doc);
    const shown = groups.flatMap((g) => g.operations.map((o) => `${o.method} ${o.path}`)).sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(shown).toEqual(documented);
    expect(groups.map((g) => g.tag)).toEqual([...groups.map((g) => g.tag)].sort());

    const create = groups
      .find((g) => g.tag === 'Flows')!
      .operations.find((o) => o.method === 'POST' && o.path === '/flows')!;
    expect(create.body!.find((f) => f.name === 'name')).toMatchObject({ type: 'string', required: true });
    expect(create.body!.map((f) => f.name)).toContain('graph.nodes[].id');
    expect(create.responses[0]).toMatchObject({ status: '201', description: 'The new flow' });
    expect(create.responses[0]!.fields!.map((f) => f.name)).toContain('webhookUrl');

    const list = groups.find((g) => g.tag === 'Runs')!.operations.find((o) => o.path === '/flows/{id}/runs')!;
    expect(list.parameters.map((p) => `${p.in} ${p.name}`)).toEqual(
      expect.arrayContaining(['path id', 'query cursor', 'query limit', 'query status']),
    );
  });
});
