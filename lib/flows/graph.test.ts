import { describe, expect, it } from 'vitest';
import { normalizeGraph, publishIssues, structuralIssues, type FlowGraph } from './graph';

const valid: FlowGraph = {
  nodes: [
    { id: 'trigger', type: 'trigger.webhook', config: {} },
    { id: 'lead', type: 'crm.upsertContact', config: { email: '{{ trigger.body.email }}' } },
    { id: 'call', type: 'http.request', config: { method: 'POST', url: 'https://example.com/x' } },
  ],
  edges: [
    { source: 'trigger', target: 'lead' },
    { source: 'lead', target: 'call' },
  ],
};

describe('flow graph validation', () => {
  it('accepts the contract example shape', () => {
    expect(publishIssues(valid)).toEqual([]);
  });

  it('names the node and field of a bad config', () => {
    const g = structuredClone(valid);
    g.nodes[1]!.config = {};
    const issues = publishIssues(g);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ nodeId: 'lead', path: 'nodes.1.config.email' });
  });

  it('refuses a loop, a missing trigger, a second trigger and an unreachable step', () => {
    const loop = structuredClone(valid);
    loop.edges.push({ source: 'call', target: 'lead' });
    expect(
      publishIssues(loop)
        .map((i) => i.message)
        .join(),
    ).toMatch(/loop/);

    expect(
      publishIssues({ nodes: valid.nodes.slice(1), edges: [] })
        .map((i) => i.message)
        .join(),
    ).toMatch(/needs a Webhook trigger/);

    const two = structuredClone(valid);
    two.nodes.push({ id: 't2', type: 'trigger.webhook', config: {} });
    expect(
      publishIssues(two)
        .map((i) => i.message)
        .join(),
    ).toMatch(/exactly one trigger/);

    const island = structuredClone(valid);
    island.nodes.push({ id: 'lonely', type: 'filter', config: { conditions: [{ left: 'a', op: 'isEmpty' }] } });
    expect(publishIssues(island)).toEqual([expect.objectContaining({ nodeId: 'lonely' })]);
  });

  it('flags unknown types and dangling edges on save', () => {
    const g: FlowGraph = { nodes: [{ id: 'x', type: 'nope', config: {} }], edges: [{ source: 'x', target: 'y' }] };
    expect(structuralIssues(g).map((i) => i.path)).toEqual(['nodes.0.type', 'edges.0.target']);
  });

  it('refuses a trigger signature with an unknown scheme or without its secret on save, naming the field', () => {
    const withSig = (signature: unknown): FlowGraph => ({
      nodes: [{ id: 'trigger', type: 'trigger.webhook', config: { signature } }],
      edges: [],
    });
    expect(structuralIssues(withSig({ scheme: 'rot13', secret: 'x' })).map((i) => i.path)).toEqual([
      'nodes.0.config.signature.scheme',
    ]);
    expect(structuralIssues(withSig({ secret: 'x' })).map((i) => i.path)).toEqual(['nodes.0.config.signature.scheme']);
    expect(structuralIssues(withSig({ scheme: 'hmac', header: 'X' })).map((i) => i.path)).toEqual([
      'nodes.0.config.signature.secret',
    ]);
    expect(structuralIssues(withSig({ scheme: 'standard-webhooks', secret: '  ' })).map((i) => i.path)).toEqual([
      'nodes.0.config.signature.secret',
    ]);
    // Other fields may still be in the making in a draft.
    expect(structuralIssues(withSig({ scheme: 'hmac', secret: 's' }))).toEqual([]);
    expect(structuralIssues(withSig(null))).toEqual([]);
  });

  it('stores a trigger redirectUrl normalised', () => {
    const g: FlowGraph = {
      nodes: [{ id: 'trigger', type: 'trigger.webhook', config: { redirectUrl: ' https://Bücher.example/a b ' } }],
      edges: [],
    };
    expect(normalizeGraph(g).nodes[0]!.config.redirectUrl).toBe('https://xn--bcher-kva.example/a%20b');
    const draft: FlowGraph = {
      nodes: [{ id: 'trigger', type: 'trigger.webhook', config: { redirectUrl: 'not yet a url' } }],
      edges: [],
    };
    expect(normalizeGraph(draft).nodes[0]!.config.redirectUrl).toBe('not yet a url');
  });
});
