import { describe, expect, it } from 'vitest';
import { emptyGraph, publishIssues } from '@/lib/flows/graph';
import { addNode, ancestors, connect, connectionProblem, removeNodes } from './graph-ops';
import { historyReducer, initialHistory } from './history';

describe('editor graph edits', () => {
  it('adds a step after the selected one, connected and placed below, with a readable id', () => {
    const a = addNode(emptyGraph(), 'crm.upsertContact', { afterId: 'trigger' });
    expect(a.id).toBe('contact');
    const b = addNode(a.graph, 'email.send', { afterId: 'contact' });
    const c = addNode(b.graph, 'email.send', { afterId: 'contact' });
    expect(c.id).toBe('email_2');
    expect(c.graph.edges).toEqual([
      { source: 'trigger', target: 'contact' },
      { source: 'contact', target: 'email' },
      { source: 'contact', target: 'email_2' },
    ]);
    expect(c.graph.nodes.find((n) => n.id === 'email')!.position!.y).toBeGreaterThan(
      c.graph.nodes.find((n) => n.id === 'contact')!.position!.y,
    );
    // Structurally valid: publish only complains about configs, not about shape.
    expect(publishIssues(c.graph).every((i) => i.path.includes('.config'))).toBe(true);
    expect(ancestors(c.graph, 'email_2')).toEqual(['contact', 'trigger']);
  });

  it('refuses self loops, cycles and edges into the trigger', () => {
    const g = addNode(addNode(emptyGraph(), 'filter', { afterId: 'trigger' }).graph, 'delay', {
      afterId: 'filter',
    }).graph;
    expect(connectionProblem(g, 'delay', 'filter')).toMatch(/loop/);
    expect(connectionProblem(g, 'delay', 'trigger')).toMatch(/trigger/);
    expect(connectionProblem(g, 'filter', 'filter')).toMatch(/itself/);
    expect(connect(g, 'delay', 'filter')).toBe(g);
    expect(removeNodes(g, ['filter']).edges).toEqual([]);
  });

  it('a second trigger is not added', () => {
    const g = emptyGraph();
    expect(addNode(g, 'trigger.webhook').graph).toBe(g);
  });

  it('undo and redo walk whole graphs; typing in one field coalesces', () => {
    const g0 = emptyGraph();
    const g1 = addNode(g0, 'filter', { afterId: 'trigger' }).graph;
    let h = historyReducer(initialHistory(g0), { type: 'commit', graph: g1 });
    const t1 = { ...g1, nodes: g1.nodes.map((n) => ({ ...n })) };
    const t2 = { ...g1, nodes: g1.nodes.map((n) => ({ ...n })) };
    h = historyReducer(h, { type: 'commit', graph: t1, coalesceKey: 'filter.left', at: 1000 });
    h = historyReducer(h, { type: 'commit', graph: t2, coalesceKey: 'filter.left', at: 1500 });
    expect(h.past).toHaveLength(2);
    h = historyReducer(h, { type: 'undo' });
    expect(h.present).toBe(g1);
    h = historyReducer(h, { type: 'undo' });
    expect(h.present).toBe(g0);
    h = historyReducer(h, { type: 'redo' });
    expect(h.present).toBe(g1);
  });
});
