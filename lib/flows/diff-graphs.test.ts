import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffGraphs, isEmptyDiff } from './diff-graphs';
import type { FlowGraph } from './graph';

const trigger = { id: 'trigger', type: 'trigger.webhook', config: {} };
const http = (config: Record<string, unknown>, extra: object = {}) => ({
  id: 'call',
  type: 'action.http',
  config,
  ...extra,
});

describe('diffGraphs', () => {
  it('names the changed config field with its old and new value', () => {
    const a: FlowGraph = {
      nodes: [trigger, http({ url: 'https://a.test', method: 'POST' })],
      edges: [{ source: 'trigger', target: 'call' }],
    };
    const b: FlowGraph = {
      nodes: [trigger, http({ url: 'https://b.test', method: 'POST' })],
      edges: [{ source: 'trigger', target: 'call' }],
    };
    const d = diffGraphs(a, b);
    expect(d.changed).toEqual([
      {
        id: 'call',
        type: 'action.http',
        fields: [{ path: 'config.url', before: 'https://a.test', after: 'https://b.test' }],
      },
    ]);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
  });

  it('reports steps and connections added and removed', () => {
    const a: FlowGraph = { nodes: [trigger, http({})], edges: [{ source: 'trigger', target: 'call' }] };
    const b: FlowGraph = {
      nodes: [trigger, { id: 'mail', type: 'action.email', label: 'Tell ops', config: {} }],
      edges: [{ id: 'e1', source: 'trigger', target: 'mail' }],
    };
    const d = diffGraphs(a, b);
    expect(d.added).toEqual([{ id: 'mail', type: 'action.email', label: 'Tell ops' }]);
    expect(d.removed).toEqual([{ id: 'call', type: 'action.http' }]);
    expect(d.edgesAdded).toEqual([{ source: 'trigger', target: 'mail' }]);
    expect(d.edgesRemoved).toEqual([{ source: 'trigger', target: 'call' }]);
  });

  it('sees nested fields, added and removed fields, label, retry and timeout; ignores position and key order', () => {
    const a: FlowGraph = {
      nodes: [http({ headers: { a: '1', b: '2' }, body: 'x' }, { position: { x: 0, y: 0 }, retry: { attempts: 3 } })],
      edges: [],
    };
    const b: FlowGraph = {
      nodes: [
        http(
          { body: 'x', headers: { b: '2', a: '9' }, timeout: 5 },
          { position: { x: 50, y: 9 }, label: 'Call', timeoutMs: 1000 },
        ),
      ],
      edges: [],
    };
    expect(diffGraphs(a, b).changed[0]!.fields).toEqual([
      { path: 'config.headers.a', before: '1', after: '9' },
      { path: 'config.timeout', before: undefined, after: 5 },
      { path: 'label', before: undefined, after: 'Call' },
      { path: 'retry.attempts', before: 3, after: undefined },
      { path: 'timeoutMs', before: undefined, after: 1000 },
    ]);
  });

  it('compares arrays whole', () => {
    const a: FlowGraph = { nodes: [http({ to: ['a@x.test'] })], edges: [] };
    const b: FlowGraph = { nodes: [http({ to: ['a@x.test', 'b@x.test'] })], edges: [] };
    expect(diffGraphs(a, b).changed[0]!.fields).toEqual([
      { path: 'config.to', before: ['a@x.test'], after: ['a@x.test', 'b@x.test'] },
    ]);
  });

  // Properties over generated graphs.
  const value = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null));
  const config = fc.dictionary(
    fc.constantFrom('url', 'method', 'body', 'to'),
    fc.oneof(value, fc.dictionary(fc.constantFrom('a', 'b'), value)),
  );
  const graph = fc
    .uniqueArray(
      fc.record({
        id: fc.constantFrom('s1', 's2', 's3', 's4'),
        type: fc.constantFrom('action.http', 'action.email'),
        config,
      }),
      {
        selector: (n) => n.id,
        maxLength: 4,
      },
    )
    .chain((nodes) =>
      fc.record({
        nodes: fc.constant(nodes),
        edges: nodes.length
          ? fc.array(
              fc.record({
                source: fc.constantFrom(...nodes.map((n) => n.id)),
                target: fc.constantFrom(...nodes.map((n) => n.id)),
              }),
              { maxLength: 4 },
            )
          : fc.constant([]),
      }),
    ) as fc.Arbitrary<FlowGraph>;

  it('a graph does not differ from itself', () => {
    fc.assert(fc.property(graph, (g) => isEmptyDiff(diffGraphs(g, structuredClone(g)))));
  });

  it('the diff the other way round swaps added/removed and before/after', () => {
    fc.assert(
      fc.property(graph, graph, (a, b) => {
        const ab = diffGraphs(a, b);
        const ba = diffGraphs(b, a);
        const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
        expect(ids(ab.added)).toEqual(ids(ba.removed));
        expect(ids(ab.changed)).toEqual(ids(ba.changed));
        for (const c of ab.changed) {
          const back = ba.changed.find((x) => x.id === c.id)!;
          expect(back.fields.map((f) => ({ path: f.path, before: f.after, after: f.before }))).toEqual(c.fields);
        }
        expect(ab.edgesAdded.length).toBe(ba.edgesRemoved.length);
      }),
    );
  });
});
